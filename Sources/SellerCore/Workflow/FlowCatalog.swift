/// Every supervision flow as a transition table (DOMAIN §2). Rows marked [inf]
/// in DOMAIN.md are our reading where the platform documents no node; they are
/// kept here, in one place, so a better source changes one table.
public enum FlowCatalog {
    public static let all: [FlowDefinition] = [
        manualService(version: "v1"), manualService(version: "2025-03-26"),
        websiteBuilding, licenseCodeLegacy, licenseCode, licenseOnline, licenseOffline,
        licensePackage, hardware, saas, appOrchestration, dataFile,
    ]

    /// Cut-over dates (DOMAIN §7.1): orders from these dates run the newer version.
    public static let manualServiceCutover = Timestamp(china: .init(year: 2025, month: 3, day: 26))
    public static let licenseCodeCutover = Timestamp(china: .init(year: 2024, month: 9, day: 14))

    /// Every record's queue and alerts look its flow up: by id first, then
    /// among that flow's one or two versions.
    public static func definition(_ id: FlowID, version: String) -> FlowDefinition? {
        byId[id]?.first { $0.version == version }
    }

    private static let byId: [FlowID: [FlowDefinition]] = Dictionary(grouping: all + retired, by: \.id)

    /// The flow a new order of `type` runs, or nil when the type is not supervised.
    public static func flow(for type: ProductType, orderedAt: Timestamp, rules: SellerState.Rules = .current) -> FlowDefinition? {
        if type == .licenseCode, rules == .beforeSeedReading {
            // Journal lines of builds before the seeds' reading replay as they were applied.
            return orderedAt < licenseCodeCutover ? licenseCodeLegacyRetired : licenseCodeRetired
        }
        return switch type {
        case .manualService: manualService(version: orderedAt < manualServiceCutover ? "v1" : "2025-03-26")
        case .websiteBuilding: websiteBuilding
        case .licenseCode: orderedAt < licenseCodeCutover ? licenseCodeLegacy : licenseCode
        case .licenseOnline: licenseOnline
        case .licenseOffline: licenseOffline
        case .licensePackage: licensePackage
        case .hardware: hardware
        case .saas: saas
        case .appOrchestration: appOrchestration
        case .dataFile: dataFile
        case .image, .api: nil
        }
    }

    // MARK: §2.1 and the flows that share its skeleton

    /// 提交需求 → 确认需求 → 确认完成 → (复核) → 验收. The post-2025-03-26 人工服务
    /// node order is not published (DOMAIN §9 item 2): both versions use these
    /// rows, and records keep their version so the split can be made later.
    static func serviceRows(deliver: FlowEvent = .deliver) -> [Transition] {
        let deliveryFields: [FieldID] = [.resultDescription, .documents]
        return [
            Transition(.awaitingRequirements, .submitRequirements, by: .buyer, to: .awaitingRequirementConfirmation,
                       requires: [.requirementText], allows: [.requirementAttachments]),
            // The buyer may edit requirements the merchant has not confirmed yet [inf].
            Transition(.awaitingRequirementConfirmation, .submitRequirements, by: .buyer, to: .awaitingRequirementConfirmation,
                       requires: [.requirementText], allows: [.requirementAttachments]),
            Transition(.awaitingRequirementConfirmation, .rejectRequirements, by: .merchant, to: .awaitingRequirements,
                       requires: [.reason]),
            Transition(.awaitingRequirementConfirmation, .confirmRequirements, by: .merchant, to: .awaitingDelivery,
                       posts: .requirementsConfirmed),
            Transition(.awaitingDelivery, deliver, by: .merchant, to: .underReview,
                       requires: deliveryFields, allows: [.actualActivationTime], when: .reviewRequired),
            Transition(.awaitingDelivery, deliver, by: .merchant, to: .awaitingAcceptance,
                       requires: deliveryFields, allows: [.actualActivationTime], when: .noReview),
            Transition(.underReview, .reviewPass, by: .reviewer, to: .awaitingAcceptance, allows: [.note]),
            // A failed review returns the record to merchant delivery [inf, DOMAIN §2.1 R'].
            Transition(.underReview, .reviewFail, by: .reviewer, to: .awaitingDelivery, allows: [.note]),
            Transition(.awaitingAcceptance, .buyerReject, by: .buyer, to: .redeliveryRequired,
                       requires: [.reason], posts: .buyerRejected),
            Transition(.awaitingAcceptance, .buyerAccept, by: .buyer, to: .completed, posts: .buyerAccepted),
            Transition(.redeliveryRequired, deliver, by: .merchant, to: .underReview,
                       requires: deliveryFields, allows: [.actualActivationTime], when: .reviewRequired),
            Transition(.redeliveryRequired, deliver, by: .merchant, to: .awaitingAcceptance,
                       requires: deliveryFields, allows: [.actualActivationTime], when: .noReview),
        ]
    }

    static let serviceNodes: [SupervisionState] = [
        .awaitingRequirements, .awaitingRequirementConfirmation, .awaitingDelivery,
        .underReview, .awaitingAcceptance, .completed,
    ]

    static func manualService(version: String) -> FlowDefinition {
        FlowDefinition(id: .manualService, version: version, initial: .awaitingRequirements,
                       nodes: serviceNodes, transitions: serviceRows(), openingMessage: .serviceBought)
    }

    /// §2.2: 建站类 runs the standard skeleton with its own opening message
    /// (「建站类商品服务监管消息通知」 [S1]). The seed says its nodes differ
    /// (「由于每种商品服务特性不同,所以服务监管流程中的各…」 [S0], cut off) but no source
    /// we found publishes them (DOMAIN §9 item 3), so none are invented here.
    static let websiteBuilding = FlowDefinition(
        id: .websiteBuilding, version: "v1", initial: .awaitingRequirements,
        nodes: serviceNodes, transitions: serviceRows(), openingMessage: .websiteOpened)

    /// §2.8: 开通交付 is the same step as 确认完成 (acceptance documents uploaded).
    static let saas = FlowDefinition(
        id: .saas, version: "v1", initial: .awaitingRequirements,
        nodes: serviceNodes, transitions: serviceRows(), openingMessage: .serviceBought)

    /// §2.9: node list not published; the standard flow [inf].
    static let appOrchestration = FlowDefinition(
        id: .appOrchestration, version: "v1", initial: .awaitingRequirements,
        nodes: serviceNodes, transitions: serviceRows(), openingMessage: .serviceBought)

    /// §2.9: "分为标准类服务监管流程".
    static let dataFile = FlowDefinition(
        id: .dataFile, version: "v1", initial: .awaitingRequirements,
        nodes: serviceNodes, transitions: serviceRows(), openingMessage: .serviceBought)

    // MARK: §2.3 License 2.0 授权码

    /// Orders from 2024-09-14: implement → the merchant activates the code the
    /// buyer handed over → the platform detects the activation and the record
    /// closes by itself: 「系统检测到授权码激活成功后,订单将自动闭环,服务监管完成」 [S1].
    /// 实际开通时间 = the activation time. Only records that pass through
    /// 华为云复核 (赋能云 / 基地云 / 华为) keep a proof step after activation: 赋能云
    /// acceptance documents need the merchant's, Huawei's and the user's
    /// signatures [U23] and 基地云 orders are reviewed after the acceptance
    /// report is uploaded [U24]; no source asks others for a proof.
    /// The platform may detect an activation the merchant never recorded here
    /// (the merchant activates through the API), so it is accepted at 待激活 too.
    static let licenseCode = FlowDefinition(
        id: .licenseCode, version: "2024-09-14.1", initial: .awaitingImplementation,
        nodes: [.awaitingImplementation, .awaitingActivation, .activationPending, .awaitingProof, .underReview, .completed],
        transitions: [
            Transition(.awaitingImplementation, .implement, by: .merchant, to: .awaitingActivation, allows: [.note]),
            Transition(.awaitingActivation, .activate, by: .merchant, to: .activationPending, requires: [.licenseCode]),
        ] + [SupervisionState.awaitingActivation, .activationPending].flatMap { from in [
            Transition(from, .autoAccept, by: .platform, to: .completed,
                       requires: [.cause], when: .causeWithReview(.licenseActivated, false)),
            Transition(from, .autoAccept, by: .platform, to: .awaitingProof,
                       requires: [.cause], when: .causeWithReview(.licenseActivated, true)),
        ] } + [
            Transition(.awaitingProof, .uploadProof, by: .merchant, to: .underReview,
                       requires: [.documents], allows: [.note]),
            Transition(.underReview, .reviewPass, by: .reviewer, to: .completed, allows: [.note]),
            Transition(.underReview, .reviewFail, by: .reviewer, to: .awaitingProof, allows: [.note]),
        ],
        openingMessage: .productBought)

    /// Orders before 2024-09-14: the merchant delivers, the buyer accepts, and
    /// the record is complete: 「请完成交付后在服务监管页面填写详细信息并提交待客户验收,客户验收通过后
    /// 系统将服务单置为"已完成"状态」 [S0]. The buyer then hands the code over and the
    /// merchant activates it (「在用户确认商品验收通过后,通过线下或线上手段将授权码交给商家」 [S1]):
    /// that happens after supervision, not inside it.
    static let licenseCodeLegacy = FlowDefinition(
        id: .licenseCode, version: "v1.1", initial: .awaitingImplementation,
        nodes: [.awaitingImplementation, .underReview, .awaitingAcceptance, .completed],
        transitions: [
            Transition(.awaitingImplementation, .implement, by: .merchant, to: .underReview,
                       requires: [.documents], allows: [.note], when: .reviewRequired),
            Transition(.awaitingImplementation, .implement, by: .merchant, to: .awaitingAcceptance,
                       requires: [.documents], allows: [.note], when: .noReview),
            Transition(.underReview, .reviewPass, by: .reviewer, to: .awaitingAcceptance, allows: [.note]),
            Transition(.underReview, .reviewFail, by: .reviewer, to: .awaitingImplementation, allows: [.note]),
            Transition(.awaitingAcceptance, .buyerAccept, by: .buyer, to: .completed, posts: .buyerAccepted),
            Transition(.awaitingAcceptance, .buyerReject, by: .buyer, to: .awaitingImplementation,
                       requires: [.reason], posts: .buyerRejected),
        ],
        openingMessage: .productBought)

    // MARK: §2.4 License 1.0 识别码

    static let licenseOnline = FlowDefinition(
        id: .licenseOnline, version: "v1", initial: .awaitingIdentifier,
        nodes: [.awaitingIdentifier, .awaitingMerchantDelivery, .underReview, .awaitingAcceptance, .completed],
        transitions: [
            Transition(.awaitingIdentifier, .submitIdentifier, by: .buyer, to: .awaitingMerchantDelivery, requires: [.identifier]),
        ] + licenseDeliveryRows(from: .awaitingMerchantDelivery),
        openingMessage: .productBought)

    /// 确认完成 for a licence: 验收文档 (and the validity screenshot) required,
    /// 实际开通时间 optional; then buyer acceptance, with 复核 where required.
    static func licenseDeliveryRows(from start: SupervisionState) -> [Transition] {
        let allows: [FieldID] = [.resultDescription, .actualActivationTime]
        return [
            Transition(start, .deliver, by: .merchant, to: .underReview,
                       requires: [.documents], allows: allows, when: .reviewRequired),
            Transition(start, .deliver, by: .merchant, to: .awaitingAcceptance,
                       requires: [.documents], allows: allows, when: .noReview),
            Transition(.underReview, .reviewPass, by: .reviewer, to: .awaitingAcceptance, allows: [.note]),
            Transition(.underReview, .reviewFail, by: .reviewer, to: start, allows: [.note]),
            Transition(.awaitingAcceptance, .buyerAccept, by: .buyer, to: .completed, posts: .buyerAccepted),
            Transition(.awaitingAcceptance, .buyerReject, by: .buyer, to: .awaitingRedelivery,
                       requires: [.reason], posts: .buyerRejected),
            Transition(.awaitingRedelivery, .deliver, by: .merchant, to: .underReview,
                       requires: [.documents], allows: allows, when: .reviewRequired),
            Transition(.awaitingRedelivery, .deliver, by: .merchant, to: .awaitingAcceptance,
                       requires: [.documents], allows: allows, when: .noReview),
        ]
    }

    // MARK: §2.5 License 线下: no requirement step

    static let licenseOffline = FlowDefinition(
        id: .licenseOffline, version: "v1", initial: .awaitingMerchantDelivery,
        nodes: [.awaitingMerchantDelivery, .underReview, .awaitingAcceptance, .completed],
        transitions: licenseDeliveryRows(from: .awaitingMerchantDelivery),
        openingMessage: .productBought)

    // MARK: §2.6 软件包部署

    /// The buyer deploys with one click and then accepts; merchant-side nodes are
    /// unpublished [inf]: after a rejection the merchant resolves and redelivers.
    static let licensePackage = FlowDefinition(
        id: .licensePackage, version: "v1", initial: .awaitingAcceptance,
        nodes: [.awaitingAcceptance, .completed],
        transitions: [
            Transition(.awaitingAcceptance, .buyerAccept, by: .buyer, to: .completed, posts: .buyerAccepted),
            Transition(.awaitingAcceptance, .buyerReject, by: .buyer, to: .awaitingRedelivery,
                       requires: [.reason], posts: .buyerRejected),
            Transition(.awaitingRedelivery, .deliver, by: .merchant, to: .awaitingAcceptance,
                       requires: [.resultDescription], allows: [.documents, .actualActivationTime]),
        ],
        openingMessage: .productBought)

    // MARK: §2.7 硬件类: no requirement step

    static let hardware = FlowDefinition(
        id: .hardware, version: "v1", initial: .awaitingShipment,
        nodes: [.awaitingShipment, .underReview, .awaitingAcceptance, .completed],
        transitions: {
            let shipFields: [FieldID] = [.carrier, .trackingNumber]
            let shipAllows: [FieldID] = [.logisticsPhone, .documents, .note]
            return [
                // Address changes only before shipment (DOMAIN §2.7 row 2).
                Transition(.awaitingShipment, .changeAddress, by: .buyer, to: .awaitingShipment, requires: [.address]),
                Transition(.awaitingReshipment, .changeAddress, by: .buyer, to: .awaitingReshipment, requires: [.address]),
                Transition(.awaitingShipment, .ship, by: .merchant, to: .underReview,
                           requires: shipFields, allows: shipAllows, when: .reviewRequired),
                Transition(.awaitingShipment, .ship, by: .merchant, to: .awaitingAcceptance,
                           requires: shipFields, allows: shipAllows, when: .noReview),
                Transition(.underReview, .reviewPass, by: .reviewer, to: .awaitingAcceptance, allows: [.note]),
                Transition(.underReview, .reviewFail, by: .reviewer, to: .awaitingShipment, allows: [.note]),
                Transition(.awaitingAcceptance, .recordSigned, by: .merchant, to: .awaitingAcceptance, requires: [.signedAt]),
                Transition(.awaitingAcceptance, .buyerAccept, by: .buyer, to: .completed, posts: .buyerAccepted),
                Transition(.awaitingAcceptance, .buyerReject, by: .buyer, to: .awaitingReshipment,
                           requires: [.reason], posts: .buyerRejected),
                Transition(.awaitingAcceptance, .autoAccept, by: .platform, to: .completed,
                           requires: [.cause], when: .cause(.logisticsSigned10d)),
                Transition(.awaitingReshipment, .ship, by: .merchant, to: .underReview,
                           requires: shipFields, allows: shipAllows, when: .reviewRequired),
                Transition(.awaitingReshipment, .ship, by: .merchant, to: .awaitingAcceptance,
                           requires: shipFields, allows: shipAllows, when: .noReview),
            ]
        }(),
        openingMessage: .hardwareOpened)
}

// MARK: Retired readings

/// Tables of an earlier reading of the seeds, kept so records opened under
/// them — in stores written by earlier builds — still load and finish the way
/// they began (a record keeps the flow version it was opened under). New
/// orders never open them: `flow(for:orderedAt:)` picks the current versions.
extension FlowCatalog {
    static let retired: [FlowDefinition] = [licenseCodeRetired, licenseCodeLegacyRetired]


    /// Orders from 2024-09-14: implement → buyer hands over the code → merchant
    /// activates it → the platform detects activation (实际开通时间 = that time)
    /// → delivery proof → closed automatically, or 复核 in the joint scenarios.
    static let licenseCodeRetired = FlowDefinition(
        id: .licenseCode, version: "2024-09-14", initial: .awaitingImplementation,
        nodes: [.awaitingImplementation, .awaitingActivation, .activationPending, .awaitingProof, .underReview, .completed],
        transitions: [
            Transition(.awaitingImplementation, .implement, by: .merchant, to: .awaitingActivation, allows: [.note]),
            Transition(.awaitingActivation, .activate, by: .merchant, to: .activationPending, requires: [.licenseCode]),
            Transition(.activationPending, .autoAccept, by: .platform, to: .awaitingProof,
                       requires: [.cause], when: .cause(.licenseActivated)),
            Transition(.awaitingProof, .uploadProof, by: .merchant, to: .underReview,
                       requires: [.documents], allows: [.note], when: .reviewRequired),
            Transition(.awaitingProof, .uploadProof, by: .merchant, to: .completed,
                       requires: [.documents], allows: [.note], when: .noReview),
            Transition(.underReview, .reviewPass, by: .reviewer, to: .completed, allows: [.note]),
            Transition(.underReview, .reviewFail, by: .reviewer, to: .awaitingProof, allows: [.note]),
        ],
        openingMessage: .productBought)

    /// Orders before 2024-09-14: the buyer accepts first, then receives the code;
    /// the record closes when the platform sees the code activated (DOMAIN §2.3 row 4').
    static let licenseCodeLegacyRetired = FlowDefinition(
        id: .licenseCode, version: "v1", initial: .awaitingImplementation,
        nodes: [.awaitingImplementation, .underReview, .awaitingAcceptance, .awaitingActivation, .activationPending, .completed],
        transitions: [
            Transition(.awaitingImplementation, .implement, by: .merchant, to: .underReview,
                       requires: [.documents], allows: [.note], when: .reviewRequired),
            Transition(.awaitingImplementation, .implement, by: .merchant, to: .awaitingAcceptance,
                       requires: [.documents], allows: [.note], when: .noReview),
            Transition(.underReview, .reviewPass, by: .reviewer, to: .awaitingAcceptance, allows: [.note]),
            Transition(.underReview, .reviewFail, by: .reviewer, to: .awaitingImplementation, allows: [.note]),
            Transition(.awaitingAcceptance, .buyerAccept, by: .buyer, to: .awaitingActivation, posts: .buyerAccepted),
            Transition(.awaitingAcceptance, .buyerReject, by: .buyer, to: .awaitingImplementation,
                       requires: [.reason], posts: .buyerRejected),
            Transition(.awaitingActivation, .activate, by: .merchant, to: .activationPending, requires: [.licenseCode]),
            Transition(.activationPending, .autoAccept, by: .platform, to: .completed,
                       requires: [.cause], when: .cause(.licenseActivated)),
        ],
        openingMessage: .productBought)
}
