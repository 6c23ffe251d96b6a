namespace Mesh.Hcl.Native.Nodes;

/// <summary>The binary operators, lowest precedence first in the grammar.</summary>
internal enum BinaryOperator
{
    Or,
    And,
    Equal,
    NotEqual,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}
