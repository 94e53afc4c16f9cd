namespace Octopoda.Tentacle.Link;

/// <summary>Turns the Brain's https:// address into the wss:// one the agent link dials.</summary>
internal static class UriExtensions
{
    public static Uri ToWebSocketUri(this Uri uri) => new UriBuilder(uri) { Scheme = uri.Scheme == Uri.UriSchemeHttp ? "ws" : "wss" }.Uri;
}
