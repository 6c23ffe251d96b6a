using System.Globalization;
using System.Numerics;
using System.Text;

namespace Mesh.Hcl.Values;

/// <summary>
/// An arbitrary-precision decimal number (mantissa × 10^exponent), as the HCL specification requires:
/// number literals, sums, differences and products are exact; quotients are rounded to
/// <see cref="DivisionDigits"/> significant digits.
/// </summary>
public readonly struct HclNumber : IEquatable<HclNumber>, IComparable<HclNumber>
{
    /// <summary>Significant decimal digits kept by division (about HCL's 512-bit floating point precision).</summary>
    public const int DivisionDigits = 150;

    private const int MaxExponent = 100_000;

    private readonly BigInteger _mantissa;
    private readonly int _exponent;

    private HclNumber(BigInteger mantissa, int exponent)
    {
        if (mantissa.IsZero)
        {
            _mantissa = BigInteger.Zero;
            _exponent = 0;
            return;
        }

        while (mantissa % 10 == 0)
        {
            mantissa /= 10;
            exponent++;
        }

        _mantissa = mantissa;
        _exponent = exponent;
    }

    /// <summary>Zero.</summary>
    public static HclNumber Zero => default;

    /// <summary>Whether the number has no fractional part.</summary>
    public bool IsInteger => _exponent >= 0;

    /// <summary>Whether the number is below zero.</summary>
    public bool IsNegative => _mantissa.Sign < 0;

    /// <summary>Whether the number is zero.</summary>
    public bool IsZero => _mantissa.IsZero;

    /// <summary>Creates a number from an integer.</summary>
    public static HclNumber From(long value) => new(value, 0);

    /// <summary>Creates a number from a big integer.</summary>
    public static HclNumber From(BigInteger value) => new(value, 0);

    /// <summary>Creates a number from a double, using its shortest round-trip decimal form.</summary>
    public static HclNumber From(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "HCL numbers are finite.");
        }

        return TryParse(value.ToString("R", CultureInfo.InvariantCulture), out var n) ? n : Zero;
    }

    /// <summary>
    /// Parses a decimal literal: optional sign, digits, optional fraction, optional exponent (<c>1.5e-3</c>).
    /// </summary>
    public static bool TryParse(string text, out HclNumber value)
    {
        value = Zero;
        var s = text.AsSpan().Trim();
        if (s.IsEmpty)
        {
            return false;
        }

        var negative = false;
        var i = 0;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            i++;
        }

        var digits = new StringBuilder();
        var fractionDigits = 0;
        var sawDigit = false;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            digits.Append(s[i++]);
            sawDigit = true;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                digits.Append(s[i++]);
                fractionDigits++;
                sawDigit = true;
            }
        }

        if (!sawDigit)
        {
            return false;
        }

        long exponent = 0;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            var expNegative = false;
            if (i < s.Length && s[i] is '-' or '+')
            {
                expNegative = s[i] == '-';
                i++;
            }

            var expStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                exponent = Math.Min(exponent * 10 + (s[i] - '0'), int.MaxValue);
                i++;
            }

            if (i == expStart)
            {
                return false;
            }

            if (expNegative)
            {
                exponent = -exponent;
            }
        }

        if (i != s.Length)
        {
            return false;
        }

        var totalExponent = exponent - fractionDigits;
        if (totalExponent is > MaxExponent or < -MaxExponent)
        {
            return false;
        }

        var mantissa = BigInteger.Parse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        value = new HclNumber(negative ? -mantissa : mantissa, (int)totalExponent);
        return true;
    }

    /// <summary>The number as a 64-bit integer, when it is one.</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (!IsInteger || _exponent > 19)
        {
            return false;
        }

        var whole = _mantissa * BigInteger.Pow(10, _exponent);
        if (whole < long.MinValue || whole > long.MaxValue)
        {
            return false;
        }

        value = (long)whole;
        return true;
    }

    /// <summary>The number as a 32-bit integer, when it is one.</summary>
    public bool TryGetInt32(out int value)
    {
        value = 0;
        if (!TryGetInt64(out var l) || l < int.MinValue || l > int.MaxValue)
        {
            return false;
        }

        value = (int)l;
        return true;
    }

    /// <summary>The nearest double.</summary>
    public double ToDouble() => double.Parse(ToString("E"), CultureInfo.InvariantCulture);

    /// <summary>Adds two numbers exactly.</summary>
    public static HclNumber operator +(HclNumber a, HclNumber b)
    {
        Align(a, b, out var ma, out var mb, out var e);
        return new HclNumber(ma + mb, e);
    }

    /// <summary>Subtracts exactly.</summary>
    public static HclNumber operator -(HclNumber a, HclNumber b)
    {
        Align(a, b, out var ma, out var mb, out var e);
        return new HclNumber(ma - mb, e);
    }

    /// <summary>Negates.</summary>
    public static HclNumber operator -(HclNumber a) => new(-a._mantissa, a._exponent);

    /// <summary>Multiplies exactly.</summary>
    public static HclNumber operator *(HclNumber a, HclNumber b)
        => new(a._mantissa * b._mantissa, ClampExponent((long)a._exponent + b._exponent));

    /// <summary>Divides, rounding to <see cref="DivisionDigits"/> significant digits. The divisor must not be zero.</summary>
    public static HclNumber operator /(HclNumber a, HclNumber b)
    {
        if (b.IsZero)
        {
            throw new DivideByZeroException();
        }

        if (a.IsZero)
        {
            return Zero;
        }

        // Scale the dividend so the integer quotient has enough significant digits.
        var digitsA = DigitCount(a._mantissa);
        var digitsB = DigitCount(b._mantissa);
        var scale = Math.Max(0, DivisionDigits - digitsA + digitsB);
        var quotient = BigInteger.Divide(a._mantissa * BigInteger.Pow(10, scale), b._mantissa);
        return new HclNumber(quotient, ClampExponent((long)a._exponent - b._exponent - scale));
    }

    /// <summary>The remainder of a truncated division (the sign follows the dividend), as Go's big.Float-based HCL does.</summary>
    public static HclNumber operator %(HclNumber a, HclNumber b)
    {
        if (b.IsZero)
        {
            throw new DivideByZeroException();
        }

        var quotient = (a / b).Truncate();
        return a - (quotient * b);
    }

    /// <summary>Drops the fractional part.</summary>
    public HclNumber Truncate()
    {
        if (IsInteger)
        {
            return this;
        }

        return new HclNumber(BigInteger.Divide(_mantissa, BigInteger.Pow(10, -_exponent)), 0);
    }

    /// <summary>Rounds towards negative infinity.</summary>
    public HclNumber Floor()
    {
        var t = Truncate();
        return IsNegative && t != this ? t - From(1) : t;
    }

    /// <summary>Rounds towards positive infinity.</summary>
    public HclNumber Ceiling()
    {
        var t = Truncate();
        return !IsNegative && t != this ? t + From(1) : t;
    }

    /// <inheritdoc />
    public int CompareTo(HclNumber other)
    {
        Align(this, other, out var ma, out var mb, out _);
        return ma.CompareTo(mb);
    }

    /// <inheritdoc />
    public bool Equals(HclNumber other) => _mantissa == other._mantissa && _exponent == other._exponent;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is HclNumber n && Equals(n);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_mantissa, _exponent);

    /// <summary>Equality.</summary>
    public static bool operator ==(HclNumber a, HclNumber b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(HclNumber a, HclNumber b) => !a.Equals(b);

    /// <summary>Less than.</summary>
    public static bool operator <(HclNumber a, HclNumber b) => a.CompareTo(b) < 0;

    /// <summary>Greater than.</summary>
    public static bool operator >(HclNumber a, HclNumber b) => a.CompareTo(b) > 0;

    /// <summary>Less than or equal.</summary>
    public static bool operator <=(HclNumber a, HclNumber b) => a.CompareTo(b) <= 0;

    /// <summary>Greater than or equal.</summary>
    public static bool operator >=(HclNumber a, HclNumber b) => a.CompareTo(b) >= 0;

    /// <summary>The plain decimal form without exponent, as HCL prints numbers (<c>42</c>, <c>0.25</c>, <c>-1.5</c>).</summary>
    public override string ToString() => ToString("F");

    /// <summary>Formats as plain decimal (<c>"F"</c>) or scientific (<c>"E"</c>).</summary>
    public string ToString(string format)
    {
        var digits = BigInteger.Abs(_mantissa).ToString(CultureInfo.InvariantCulture);
        var sign = IsNegative ? "-" : "";
        if (format == "E")
        {
            var exp = _exponent + digits.Length - 1;
            var frac = digits.Length > 1 ? "." + digits[1..] : "";
            return $"{sign}{digits[0]}{frac}E{exp.ToString(CultureInfo.InvariantCulture)}";
        }

        if (_exponent >= 0)
        {
            return sign + digits + new string('0', _exponent);
        }

        var point = digits.Length + _exponent;
        return point > 0
            ? sign + digits[..point] + "." + digits[point..]
            : sign + "0." + new string('0', -point) + digits;
    }

    private static void Align(HclNumber a, HclNumber b, out BigInteger ma, out BigInteger mb, out int exponent)
    {
        exponent = Math.Min(a._exponent, b._exponent);
        ma = a._mantissa * BigInteger.Pow(10, a._exponent - exponent);
        mb = b._mantissa * BigInteger.Pow(10, b._exponent - exponent);
    }

    private static int DigitCount(BigInteger value)
        => value.IsZero ? 1 : BigInteger.Abs(value).ToString(CultureInfo.InvariantCulture).Length;

    private static int ClampExponent(long exponent)
        => exponent is > MaxExponent or < -MaxExponent
            ? throw new OverflowException("Number is too large or too small.")
            : (int)exponent;
}
