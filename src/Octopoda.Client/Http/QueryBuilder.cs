using System.Text;

namespace Octopoda.Client.Http;

/// <summary>Builds a query string, leaving out parameters without a value.</summary>
internal sealed class QueryBuilder
{
    private readonly StringBuilder _query = new();

    /// <summary>Adds <c>name=value</c> unless the value is null or empty.</summary>
    public QueryBuilder Add(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _query.Append(_query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return this;
    }

    /// <summary>Adds <c>name=a,b</c>, each item escaped, unless the list is null or empty.</summary>
    public QueryBuilder AddList(string name, IReadOnlyList<string>? values)
    {
        if (values is { Count: > 0 })
        {
            _query.Append(_query.Length == 0 ? '?' : '&').Append(name).Append('=')
                .AppendJoin(',', values.Select(Uri.EscapeDataString));
        }

        return this;
    }

    /// <inheritdoc />
    public override string ToString() => _query.ToString();
}
