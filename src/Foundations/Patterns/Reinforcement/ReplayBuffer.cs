using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Patterns;

/// <summary>
/// Experience replay: the last <see cref="Capacity"/> steps (state, action, reward, next state, done) in flat arrays,
/// sampled at random so that one minibatch mixes many days and accounts.
/// </summary>
public sealed class ReplayBuffer
{
    private readonly float[] _states, _nextStates, _rewards, _done;
    private readonly long[] _actions;
    private int _next;

    /// <summary>A buffer for <paramref name="capacity"/> steps of states with <paramref name="stateSize"/> numbers each.</summary>
    public ReplayBuffer(int capacity, int stateSize)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "capacity must be positive.");
        if (stateSize <= 0) throw new ArgumentOutOfRangeException(nameof(stateSize), stateSize, "stateSize must be positive.");
        Capacity = capacity;
        StateSize = stateSize;
        _states = new float[capacity * stateSize];
        _nextStates = new float[capacity * stateSize];
        _rewards = new float[capacity];
        _done = new float[capacity];
        _actions = new long[capacity];
    }

    public int Capacity { get; }
    public int StateSize { get; }

    /// <summary>How many steps are stored (at most <see cref="Capacity"/>; the oldest are overwritten first).</summary>
    public int Count { get; private set; }

    /// <summary>Stores one step; <paramref name="nextState"/> is ignored when <paramref name="done"/>.</summary>
    public void Add(ReadOnlySpan<float> state, AlertAction action, double reward, ReadOnlySpan<float> nextState, bool done)
    {
        if (state.Length != StateSize) throw new ArgumentException($"state has {state.Length} numbers, expected {StateSize}.", nameof(state));
        if (!done && nextState.Length != StateSize) throw new ArgumentException($"nextState has {nextState.Length} numbers, expected {StateSize}.", nameof(nextState));
        state.CopyTo(_states.AsSpan(_next * StateSize, StateSize));
        if (done) _nextStates.AsSpan(_next * StateSize, StateSize).Clear();
        else nextState.CopyTo(_nextStates.AsSpan(_next * StateSize, StateSize));
        _actions[_next] = (long)action;
        _rewards[_next] = (float)reward;
        _done[_next] = done ? 1 : 0;
        _next = (_next + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
    }

    /// <summary>The positions of a minibatch of <paramref name="batchSize"/> steps drawn uniformly with replacement.</summary>
    public int[] SampleIndices(int batchSize, Random random)
    {
        if (Count == 0) throw new InvalidOperationException("The replay buffer is empty.");
        var picks = new int[batchSize];
        for (int i = 0; i < batchSize; i++) picks[i] = random.Next(Count);
        return picks;
    }

    /// <summary>The steps at <paramref name="indices"/> as tensors (in the caller's dispose scope).</summary>
    public ReplayBatch Batch(int[] indices, Device device)
    {
        int n = indices.Length;
        var s = new float[n * StateSize];
        var s2 = new float[n * StateSize];
        var a = new long[n];
        var r = new float[n];
        var d = new float[n];
        for (int i = 0; i < n; i++)
        {
            int k = indices[i];
            Array.Copy(_states, k * StateSize, s, i * StateSize, StateSize);
            Array.Copy(_nextStates, k * StateSize, s2, i * StateSize, StateSize);
            a[i] = _actions[k];
            r[i] = _rewards[k];
            d[i] = _done[k];
        }
        return new ReplayBatch(
            tensor(s, new long[] { n, StateSize }, device: device),
            tensor(a, new long[] { n }, device: device),
            tensor(r, new long[] { n }, device: device),
            tensor(s2, new long[] { n, StateSize }, device: device),
            tensor(d, new long[] { n }, device: device));
    }

    /// <summary>One stored step, for inspection and tests.</summary>
    public (float[] State, AlertAction Action, float Reward, float[] NextState, bool Done) this[int index]
    {
        get
        {
            if (index < 0 || index >= Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be below Count ({Count}).");
            return (_states.AsSpan(index * StateSize, StateSize).ToArray(), (AlertAction)_actions[index], _rewards[index],
                _nextStates.AsSpan(index * StateSize, StateSize).ToArray(), _done[index] == 1);
        }
    }
}

/// <summary>A minibatch of replayed steps as tensors.</summary>
public sealed record ReplayBatch(Tensor States, Tensor Actions, Tensor Rewards, Tensor NextStates, Tensor Done);
