using System;
using SparseDsl.Language.Text;

namespace SparseDsl.Language.Diagnostics;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}

/// <summary>
/// A problem found in a spec: plain, equatable data. The generator turns it into a Roslyn
/// <c>Diagnostic</c> located in the .sparse file only in its output step.
/// </summary>
public sealed record DiagnosticInfo(string Code, DiagnosticSeverity Severity, string Message, SourceSpan Span)
{
    public static DiagnosticInfo Error(DiagnosticDescriptor descriptor, SourceSpan span, params object[] args)
        => new(descriptor.Code, DiagnosticSeverity.Error, descriptor.Format(args), span);

    public static DiagnosticInfo Warning(DiagnosticDescriptor descriptor, SourceSpan span, params object[] args)
        => new(descriptor.Code, DiagnosticSeverity.Warning, descriptor.Format(args), span);

    /// <summary>The form compilers print: <c>(3,12): error SPD001: message</c>.</summary>
    public override string ToString()
        => FormattableString.Invariant($"({Span.Line},{Span.Column}): {(Severity == DiagnosticSeverity.Error ? "error" : "warning")} {Code}: {Message}");
}

/// <summary>A diagnostic code with its title and message template.</summary>
public sealed class DiagnosticDescriptor
{
    public DiagnosticDescriptor(string code, string title, string messageFormat, DiagnosticSeverity severity)
    {
        Code = code;
        Title = title;
        MessageFormat = messageFormat;
        Severity = severity;
    }

    public string Code { get; }
    public string Title { get; }
    public string MessageFormat { get; }
    public DiagnosticSeverity Severity { get; }

    public string Format(object[] args)
        => args.Length == 0 ? MessageFormat : string.Format(System.Globalization.CultureInfo.InvariantCulture, MessageFormat, args);

    public DiagnosticInfo At(SourceSpan span, params object[] args) => new(Code, Severity, Format(args), span);
}
