using System.Globalization;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>
/// A small arithmetic language for derived columns, kept as text so a fitted recipe saves and reloads it exactly:
/// <c>"checking_balance / income"</c>, <c>"log1p(card_spend_30d) - 0.5 * missed_payments_12m"</c>.
/// Numbers, column names (or <c>[any name]</c>), + - * / ^, parentheses, and the functions
/// log, log1p, exp, sqrt, abs, min, max, coalesce. A missing input, a division by zero or a non-finite result gives a
/// missing value, so the recipe's later steps (or ToFeatures) say so instead of passing Infinity on.
/// </summary>
public sealed class Formula
{
    private readonly Node _root;

    private Formula(string text, Node root, IReadOnlyList<string> columns)
    {
        Text = text;
        _root = root;
        Columns = columns;
    }

    /// <summary>The formula as written.</summary>
    public string Text { get; }

    /// <summary>The columns the formula reads, in order of first use.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The longest formula accepted, in characters: a derived column is a line, not a program.</summary>
    public const int MaxLength = 2_000;

    /// <summary>The deepest nesting accepted (parentheses, operators, functions), so neither parsing nor evaluation can exhaust the stack.</summary>
    public const int MaxDepth = 64;

    /// <summary>Parses a formula; a syntax error names the position and what was expected; one too long or too deep is refused.</summary>
    public static Formula Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (text.Length > MaxLength)
            throw new FormatException($"Formula \"{text[..40]}…\" is {text.Length:N0} characters long; the limit is {MaxLength:N0}. Split it into several Derive steps.");
        var parser = new Parser(text);
        var root = parser.ParseAll();
        return new Formula(text, root, parser.ColumnsUsed);
    }

    /// <summary>Evaluates the formula for every row; NaN marks a missing result.</summary>
    public double[] Evaluate(DataFrame frame, string step)
    {
        var inputs = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var name in Columns)
        {
            var column = FrameOps.Column(frame, name, step);
            if (!ColumnTypes.IsNumeric(column) && column.DataType != typeof(bool))
                throw new ArgumentException($"{step}: column '{name}' is {FrameOps.Family(column)}, and a formula needs numbers.", name);
            inputs[name] = ColumnTypes.ToDoubles(column);
        }
        var result = _root.Eval(inputs, (int)frame.Rows.Count);
        for (int i = 0; i < result.Length; i++)
            if (!double.IsFinite(result[i])) result[i] = double.NaN;
        return result;
    }

    public override string ToString() => Text;

    private abstract class Node
    {
        /// <summary>The height of the tree below and including this node: evaluation recurses this deep.</summary>
        public int Depth { get; protected init; } = 1;

        public abstract double[] Eval(Dictionary<string, double[]> inputs, int rows);
    }

    private sealed class Constant(double value) : Node
    {
        public override double[] Eval(Dictionary<string, double[]> inputs, int rows)
        {
            var r = new double[rows];
            Array.Fill(r, value);
            return r;
        }
    }

    private sealed class ColumnRef(string name) : Node
    {
        public override double[] Eval(Dictionary<string, double[]> inputs, int rows) => (double[])inputs[name].Clone();
    }

    private sealed class Unary : Node
    {
        private readonly Func<double, double> op;
        private readonly Node arg;

        public Unary(Func<double, double> op, Node arg)
        {
            this.op = op; this.arg = arg;
            Depth = arg.Depth + 1;
        }

        public override double[] Eval(Dictionary<string, double[]> inputs, int rows)
        {
            var a = arg.Eval(inputs, rows);
            for (int i = 0; i < a.Length; i++) a[i] = op(a[i]);
            return a;
        }
    }

    private sealed class Binary : Node
    {
        private readonly Func<double, double, double> op;
        private readonly Node left, right;

        public Binary(Func<double, double, double> op, Node left, Node right)
        {
            this.op = op; this.left = left; this.right = right;
            Depth = Math.Max(left.Depth, right.Depth) + 1;
        }

        public override double[] Eval(Dictionary<string, double[]> inputs, int rows)
        {
            var a = left.Eval(inputs, rows);
            var b = right.Eval(inputs, rows);
            for (int i = 0; i < a.Length; i++) a[i] = op(a[i], b[i]);
            return a;
        }
    }

    private sealed class Parser(string text)
    {
        private int _pos;
        private int _nesting;
        public List<string> ColumnsUsed { get; } = new();

        /// <summary>Counts one level of parser recursion; past <see cref="MaxDepth"/> the formula is refused before the stack is at risk.</summary>
        private void Enter()
        {
            if (++_nesting > 4 * MaxDepth) throw Error($"nested too deep (over {4 * MaxDepth} levels of parentheses, signs and powers); simplify it or split it into several Derive steps");
        }

        /// <summary>A node whose tree is deeper than <see cref="MaxDepth"/> (a chain of operators) is refused likewise.</summary>
        private Node Check(Node node) =>
            node.Depth > MaxDepth ? throw Error($"more than {MaxDepth} operations deep; split it into several Derive steps") : node;

        public Node ParseAll()
        {
            var node = Expression();
            Skip();
            if (_pos < text.Length) throw Error($"unexpected '{text[_pos]}'");
            return node;
        }

        private Exception Error(string what) =>
            new FormatException($"Formula \"{(text.Length > 80 ? text[..80] + "…" : text)}\" at position {_pos + 1}: {what}.");

        private void Skip() { while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++; }

        private bool Eat(char c)
        {
            Skip();
            if (_pos < text.Length && text[_pos] == c) { _pos++; return true; }
            return false;
        }

        private Node Expression()
        {
            Enter();
            var node = Term();
            while (true)
            {
                if (Eat('+')) node = Check(new Binary((a, b) => a + b, node, Term()));
                else if (Eat('-')) node = Check(new Binary((a, b) => a - b, node, Term()));
                else { _nesting--; return node; }
            }
        }

        private Node Term()
        {
            var node = Factor();
            while (true)
            {
                if (Eat('*')) node = Check(new Binary((a, b) => a * b, node, Factor()));
                else if (Eat('/')) node = Check(new Binary((a, b) => b == 0 ? double.NaN : a / b, node, Factor()));
                else return node;
            }
        }

        private Node Factor()
        {
            Enter();
            Node node;
            if (Eat('-')) node = Check(new Unary(a => -a, Factor()));
            else
            {
                node = Primary();
                if (Eat('^')) node = Check(new Binary(Math.Pow, node, Factor()));
            }
            _nesting--;
            return node;
        }

        private Node Primary()
        {
            Skip();
            if (_pos >= text.Length) throw Error("expected a number, a column or '('");
            char c = text[_pos];
            if (c == '(')
            {
                _pos++;
                var inner = Expression();
                if (!Eat(')')) throw Error("expected ')'");
                return inner;
            }
            if (c == '[')
            {
                int end = text.IndexOf(']', _pos + 1);
                if (end < 0) throw Error("expected ']' to close the column name");
                var name = text[(_pos + 1)..end];
                _pos = end + 1;
                return Column(name);
            }
            if (char.IsDigit(c) || c == '.')
            {
                int start = _pos;
                while (_pos < text.Length && (char.IsDigit(text[_pos]) || text[_pos] == '.' || text[_pos] == 'e' || text[_pos] == 'E' ||
                       ((text[_pos] == '-' || text[_pos] == '+') && (text[_pos - 1] == 'e' || text[_pos - 1] == 'E')))) _pos++;
                if (!double.TryParse(text.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                    throw Error($"'{text[start.._pos]}' is not a number");
                return new Constant(v);
            }
            if (char.IsLetter(c) || c == '_')
            {
                int start = _pos;
                while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_')) _pos++;
                var name = text[start.._pos];
                if (Eat('(')) return Function(name);
                return Column(name);
            }
            throw Error($"unexpected '{c}'");
        }

        private Node Column(string name)
        {
            if (!ColumnsUsed.Contains(name)) ColumnsUsed.Add(name);
            return new ColumnRef(name);
        }

        private Node Function(string name)
        {
            var args = new List<Node>();
            if (!Eat(')'))
            {
                do args.Add(Expression()); while (Eat(','));
                if (!Eat(')')) throw Error($"expected ')' to close {name}(");
            }
            Node One(Func<double, double> f) => args.Count == 1 ? Check(new Unary(f, args[0])) : throw Error($"{name} takes 1 argument, got {args.Count}");
            Node Two(Func<double, double, double> f) => args.Count == 2 ? Check(new Binary(f, args[0], args[1])) : throw Error($"{name} takes 2 arguments, got {args.Count}");
            return name switch
            {
                "log" => One(a => a > 0 ? Math.Log(a) : double.NaN),
                "log1p" => One(a => a > -1 ? Math.Log(1 + a) : double.NaN),
                "exp" => One(Math.Exp),
                "sqrt" => One(a => a >= 0 ? Math.Sqrt(a) : double.NaN),
                "abs" => One(Math.Abs),
                "min" => Two(Math.Min),
                "max" => Two(Math.Max),
                "coalesce" => Two((a, b) => double.IsNaN(a) ? b : a),
                _ => throw Error($"unknown function '{name}' (known: log, log1p, exp, sqrt, abs, min, max, coalesce)"),
            };
        }
    }
}
