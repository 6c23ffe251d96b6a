namespace Mesh.Rules.Validation;

/// <summary>The stable codes of rule findings; docs/validation-codes.md explains each one.</summary>
public static class RuleCodes
{
    /// <summary>An attribute or block the resource does not have.</summary>
    public const string UnknownItem = "MESH0101";

    /// <summary>A required attribute, block or label is missing.</summary>
    public const string MissingItem = "MESH0102";

    /// <summary>An enum attribute has a value outside its set.</summary>
    public const string BadEnum = "MESH0103";

    /// <summary>A duration cannot be parsed or is negative.</summary>
    public const string BadDuration = "MESH0104";

    /// <summary>A percentage lies outside 0 to 100.</summary>
    public const string BadPercentage = "MESH0105";

    /// <summary>An attribute has a value of the wrong type.</summary>
    public const string WrongType = "MESH0106";

    /// <summary>A route weight is negative or above 100.</summary>
    public const string NegativeWeight = "MESH0107";

    /// <summary>All route weights are zero.</summary>
    public const string AllWeightsZero = "MESH0108";

    /// <summary>The weights of several routes do not add up to 100.</summary>
    public const string WeightSum = "MESH0109";

    /// <summary>A regular expression does not compile.</summary>
    public const string BadRegex = "MESH0110";

    /// <summary>A fault block has neither delay nor abort.</summary>
    public const string EmptyFault = "MESH0111";

    /// <summary>A retries block with <c>attempts = 0</c>.</summary>
    public const string ZeroRetries = "MESH0112";

    /// <summary>An HTTP route has both redirect and route.</summary>
    public const string RedirectWithRoute = "MESH0113";

    /// <summary>Two resources of one kind, or two items of one resource, share a name.</summary>
    public const string DuplicateName = "MESH0114";

    /// <summary>An HTTP route has neither route nor redirect.</summary>
    public const string NoAction = "MESH0115";

    /// <summary>A port number outside 1 to 65535, or a status code outside its range.</summary>
    public const string BadNumber = "MESH0116";

    /// <summary>A single block (such as <c>tls</c>) is given twice.</summary>
    public const string DuplicateBlock = "MESH0117";

    /// <summary>A route or mirror names a subset that no destination rule defines.</summary>
    public const string UnknownSubset = "MESH0201";

    /// <summary>A destination rule's host matches no known service.</summary>
    public const string UnknownHost = "MESH0202";

    /// <summary>Two virtual services claim the same host on the same gateway.</summary>
    public const string HostConflict = "MESH0203";

    /// <summary>A route can never match because an earlier one catches everything.</summary>
    public const string UnreachableRoute = "MESH0204";

    /// <summary>Locality failover without outlier detection.</summary>
    public const string FailoverWithoutOutlier = "MESH0205";

    /// <summary>A virtual service names a gateway that does not exist.</summary>
    public const string UnknownGateway = "MESH0206";

    /// <summary>A mesh-wide peer authentication (no selector) has <c>port_level_mtls</c>, which Istio only allows with a selector.</summary>
    public const string PortLevelWithoutSelector = "MESH0207";

    /// <summary>An authorization condition key that is not one of Istio's.</summary>
    public const string UnknownConditionKey = "MESH0208";

    /// <summary>An authorization attribute this mesh cannot enforce (request authentication / JWT, Envoy filter metadata).</summary>
    public const string UnsupportedAuthorization = "MESH0209";

    /// <summary>An authorization condition without values, or with values its key cannot take.</summary>
    public const string BadConditionValue = "MESH0210";

    /// <summary>A destination rule <c>tls</c> block whose files cannot be right: a relative path, a certificate without its key (or the reverse), <c>mutual</c> without a client certificate.</summary>
    public const string BadClientTlsFiles = "MESH0211";

    /// <summary>A destination rule <c>tls</c> <c>credential_name</c> that cannot be right: not <c>vault:&lt;mount&gt;/roles/&lt;role&gt;</c>, given with client certificate files, or without <c>mode = "mutual"</c>.</summary>
    public const string BadTlsCredential = "MESH0212";
}
