using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Structure;
using Mesh.Rules.Model;

namespace Mesh.Rules.Loading.Decoders;

/// <summary>The read function of each resource kind.</summary>
internal static class ResourceDecoders
{
    /// <summary>The top-level block types that are resources, each with one label (the name).</summary>
    public static IEnumerable<BlockHeaderSchema> Headers => ResourceKinds.All.Select(k => new BlockHeaderSchema(k, ["name"]));

    /// <summary>Decodes a resource block; null when the block type is not a resource kind.</summary>
    public static Resource? Decode(HclBlock block, EvalContext context, DiagnosticBag diagnostics) => block.Type switch
    {
        ResourceKinds.Gateway => BodyReader.Decode(block, GatewayDecoder.Read, context, diagnostics),
        ResourceKinds.VirtualService => BodyReader.Decode(block, VirtualServiceDecoder.Read, context, diagnostics),
        ResourceKinds.DestinationRule => BodyReader.Decode(block, DestinationRuleDecoder.Read, context, diagnostics),
        ResourceKinds.ServiceEntry => BodyReader.Decode(block, ServiceEntryDecoder.Read, context, diagnostics),
        ResourceKinds.PeerAuthentication => BodyReader.Decode(block, SecurityDecoders.ReadPeerAuthentication, context, diagnostics),
        ResourceKinds.AuthorizationPolicy => BodyReader.Decode(block, SecurityDecoders.ReadAuthorizationPolicy, context, diagnostics),
        _ => null,
    };
}
