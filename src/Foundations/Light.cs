namespace Foundations;

/// <summary>A traffic light for a check: green (fine), amber (watch), red (act).</summary>
public enum Light { Green, Amber, Red }
