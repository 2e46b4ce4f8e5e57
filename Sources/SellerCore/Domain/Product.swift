/// The twelve product types of FEED.md. Raw values are the wire names.
public enum ProductType: String, Codable, CaseIterable, Sendable {
    case manualService = "manual_service"
    case websiteBuilding = "website_building"
    case licenseCode = "license_code"          // License 2.0 线上授权码
    case licenseOnline = "license_online"      // License 1.0 识别码, 在线开通
    case licenseOffline = "license_offline"
    case licensePackage = "license_package"    // 软件包部署
    case hardware
    case saas
    case appOrchestration = "app_orchestration"
    case dataFile = "data_file"
    case image
    case api

    public var zh: String {
        switch self {
        case .manualService: "人工服务类"
        case .websiteBuilding: "人工服务类(建站)"
        case .licenseCode: "License类(授权码)"
        case .licenseOnline: "License类(线上)"
        case .licenseOffline: "License类(线下)"
        case .licensePackage: "License类(软件包)"
        case .hardware: "硬件类"
        case .saas: "SaaS类"
        case .appOrchestration: "应用编排类"
        case .dataFile: "数据文件类"
        case .image: "镜像"
        case .api: "API类"
        }
    }

    public var en: String {
        switch self {
        case .manualService: "Manual service"
        case .websiteBuilding: "Website building"
        case .licenseCode: "License (code)"
        case .licenseOnline: "License (online)"
        case .licenseOffline: "License (offline)"
        case .licensePackage: "License (package)"
        case .hardware: "Hardware"
        case .saas: "SaaS"
        case .appOrchestration: "App orchestration"
        case .dataFile: "Data file"
        case .image: "Image"
        case .api: "API"
        }
    }
}

public enum SaleModel: String, Codable, CaseIterable, Sendable {
    case general                          // 通用
    case selfService = "self_service"     // 自服务
    case joint                            // 联营
    case huawei                           // 华为商品

    public var zh: String {
        switch self {
        case .general: "通用"
        case .selfService: "自服务"
        case .joint: "联营"
        case .huawei: "华为商品"
        }
    }
}

public enum JointScenario: String, Codable, CaseIterable, Sendable {
    case enablementCloud = "enablement_cloud" // 赋能云
    case baseCloud = "base_cloud"             // 基地云

    public var zh: String { self == .enablementCloud ? "赋能云" : "基地云" }
}

public enum SaleStatus: String, Codable, CaseIterable, Sendable {
    case listed = "public"   // 公开销售
    case hidden              // 隐藏

    public var zh: String { self == .listed ? "公开" : "隐藏" }
}

/// Which rule set a buyer's acceptance is judged by (DOMAIN §2 common rules).
public enum AcceptanceRuleSet: String, Codable, Sendable {
    case merchantDefined = "merchant_defined" // 商家自定义验收规则
    case enablementCloud = "enablement_cloud" // 联营赋能云场景
    case baseCloud = "base_cloud"             // 联营基地云场景

    public var zh: String {
        switch self {
        case .merchantDefined: "商家自定义验收规则"
        case .enablementCloud: "联营赋能云场景验收规则"
        case .baseCloud: "联营基地云场景验收规则"
        }
    }
}

public struct Product: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var type: ProductType
    public var saleModel: SaleModel
    public var jointScenario: JointScenario?
    public var acceptanceStandard: String?
    public var saleStatus: SaleStatus
    /// The one sub-account this product is authorised to (商品授权), if any.
    public var authorizedTo: String?

    public init(id: String, name: String, type: ProductType, saleModel: SaleModel,
                jointScenario: JointScenario? = nil, acceptanceStandard: String? = nil,
                saleStatus: SaleStatus = .listed, authorizedTo: String? = nil) {
        self.id = id; self.name = name; self.type = type; self.saleModel = saleModel
        self.jointScenario = jointScenario; self.acceptanceStandard = acceptanceStandard
        self.saleStatus = saleStatus; self.authorizedTo = authorizedTo
    }

    /// 镜像 and API products are outside service supervision (DOMAIN §2 scope).
    public var isSupervised: Bool { type != .image && type != .api }

    public var acceptanceRuleSet: AcceptanceRuleSet {
        guard saleModel == .joint, let s = jointScenario else { return .merchantDefined }
        return s == .enablementCloud ? .enablementCloud : .baseCloud
    }
}
