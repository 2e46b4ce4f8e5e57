/// Word lists and texts for the demo store: mostly Chinese, some English, and
/// a few hostile strings a real feed can carry (control characters, escape
/// sequences, bidi overrides, very long lines, emoji).
enum DemoText {
    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "欧阳", "司马", "诸葛"]
    static let givenNames = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "晓明", "子涵", "浩然"]
    static let cities = ["北京", "上海", "深圳", "杭州", "成都", "武汉", "西安", "南京", "苏州", "贵阳"]
    static let brands = ["云帆", "星河", "数智", "蓝海", "启明", "天工", "鼎信", "华辰", "知行", "远景"]
    static let suffixes = ["科技有限公司", "信息技术有限公司", "网络科技有限公司", "软件股份有限公司", "数据服务有限公司"]
    static let englishCustomers = ["Acme Robotics Ltd.", "Northwind Traders", "Globex Cloud GmbH", "Initech Asia Pte. Ltd.", "Umbrella Data Inc."]

    /// Untrusted text as the platform may send it; stored as is, sanitised only for display.
    static let hostile = [
        "恶意\u{1B}[2J\u{1B}[31m客户",                       // clears the screen, turns red
        "\u{202E}gnp.exe 发票客户\u{202C}",                 // right-to-left override
        "退格\u{08}\u{08}XY\r覆盖\u{07}",                    // backspace, carriage return, bell
        "剪贴板\u{1B}]52;c;ZXZpbA==\u{07}注入",              // OSC 52 clipboard write
        "😀🚀 张三 👨‍👩‍👧 Émilie",                           // emoji, ZWJ sequence, accents
        String(repeating: "很长的描述文字", count: 72),       // a 504-character line
    ]

    /// The hostile strings short enough to be a name (names are capped at 200 characters).
    static var hostileNames: [String] { hostile.filter { $0.count <= 200 } }

    static let requirements = [
        "请将自建 MySQL 5.7 迁移到华为云 RDS，数据量约 800 GB，停机窗口不超过 2 小时。",
        "需要完成等保三级差距分析，并输出整改建议报告。",
        "Deploy the service in cn-north-4 with two availability zones and daily backups.",
        "网站需要支持中英文双语，首页含产品展示和在线留言。",
        "请协助配置 VPN 与本地机房打通，带宽 100 Mbps。",
        "需要在 3 台 ECS 上部署集群并完成压测，目标 5000 QPS。",
    ]

    static let results = [
        "已完成迁移并校验数据一致性，详见验收文档。",
        "服务已交付，客户已登录验证，验收文档见附件。",
        "Delivered and verified with the customer's admin; acceptance report attached.",
        "已完成部署与压测，报告附后。",
    ]

    static let rejections = [
        "交付内容与需求不符，缺少双语页面。",
        "验收文档缺少项目组签字。",
        "性能未达到约定的 5000 QPS。",
        "The delivered version is missing the SSO integration we agreed on.",
        "设备外包装破损，要求重新发货。",
    ]

    static let requirementRejections = ["需求描述不完整，请补充数据量和停机窗口。", "附件无法打开，请重新上传。"]

    static let appealReasons = [
        "买家超过 5 天未验收，已多次电话联系无果，申请平台介入。",
        "买家第三次驳回，理由与合同约定不符，附沟通记录。",
        "The buyer stopped responding after delivery; delivery proof attached.",
    ]

    static let buyerAppealReasons = ["商家迟迟未发货。", "交付质量差，多次沟通无改善。", "商家无法联系。"]
    static let buyerDemands = ["全额退款", "更换服务商并退还未交付部分费用", "按合同重新交付"]
    static let resolutions = ["经核实，商家已按约交付，服务继续。", "经核实，同意买家诉求，退款处理中。", "双方已协商一致，申诉关闭。"]

    static let ticketTitles = [
        ("控制台无法登录", "登录时提示 403，清除缓存后仍然无法进入，请尽快处理。"),
        ("License 激活失败", "激活授权码时返回 LICENSE_INVALID，请协助排查。"),
        ("Invoice title correction", "Please change the invoice title to our Singapore entity."),
        ("迁移后数据不一致", "部分表的行数与源库不一致，影响业务上线。"),
        ("How do I add more users?", "We bought 50 seats and need 20 more, what is the process?"),
        ("发货地址变更", "请将收货地址改为上海市浦东新区张江路 88 号。"),
    ]

    static let replies = [
        "您好，已收到，我们正在排查，请稍候。",
        "Hi, could you share a screenshot of the error and the time it happened?",
        "问题已定位，原因是安全组未放通 443 端口，已协助修复。",
        "已按要求修改，请确认。",
    ]

    static let customerReplies = ["还是不行，请再看看。", "Thanks, that fixed it.", "截图已上传，麻烦尽快。", "好的，谢谢。"]
}
