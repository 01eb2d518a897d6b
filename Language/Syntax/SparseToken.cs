using Superpower.Display;

namespace SparseDsl.Language.Syntax;

/// <summary>The tokens of the .sparse language. Examples feed Superpower's error messages ("unexpected `;`").</summary>
public enum SparseToken
{
    [Token(Category = "identifier")] Identifier,
    [Token(Category = "number")] Number,

    [Token(Category = "keyword", Example = "namespace")] Namespace,
    [Token(Category = "keyword", Example = "format")] Format,
    [Token(Category = "keyword", Example = "stencil")] Stencil,
    [Token(Category = "keyword", Example = "kernel")] Kernel,
    [Token(Category = "keyword", Example = "operator")] Operator,
    [Token(Category = "keyword", Example = "pipeline")] Pipeline,
    [Token(Category = "keyword", Example = "projection")] Projection,
    [Token(Category = "keyword", Example = "network")] Network,
    [Token(Category = "keyword", Example = "gradient")] Gradient,

    [Token(Example = ";")] Semicolon,
    [Token(Example = ",")] Comma,
    [Token(Example = ":")] Colon,
    [Token(Example = ".")] Dot,
    [Token(Example = "=")] Equals,
    [Token(Example = "<")] LessThan,
    [Token(Example = ">")] GreaterThan,
    [Token(Example = "(")] LParen,
    [Token(Example = ")")] RParen,
    [Token(Example = "[")] LBracket,
    [Token(Example = "]")] RBracket,
    [Token(Example = "{")] LBrace,
    [Token(Example = "}")] RBrace,
    [Token(Category = "operator", Example = "*")] Star,
    [Token(Category = "operator", Example = "+")] Plus,
    [Token(Category = "operator", Example = "-")] Minus,
    [Token(Category = "operator", Example = "'")] Apostrophe,
    [Token(Category = "operator", Example = "/")] Slash,
    [Token(Category = "operator", Example = "^")] Caret,

    /// <summary>A character the language does not use; reported as SPD002 and dropped before parsing.</summary>
    [Token(Description = "invalid character")] Invalid,
    /// <summary>A <c>/*</c> comment without its closing <c>*/</c>.</summary>
    [Token(Description = "unterminated comment")] UnterminatedComment,
}
