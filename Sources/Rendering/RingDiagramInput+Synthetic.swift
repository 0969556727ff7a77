extension RingDiagramInput {
    /// A made-up ring of about `entityCount` entities, for demos, tests and benchmarks.
    ///
    /// Per 20 entities: 1 seller (Chinese trading-company names), 12 storefronts, 2 payment
    /// accounts, 4 addresses, and about one factory per 100 (1 to 3). Storefronts are operated
    /// by a seller, pay into an account, ship from and return to addresses, and are supplied
    /// by a factory; accounts transfer money along a chain; factories are located at an
    /// address. Every 7th storefront has a confirmed fake, every 19th a seizure, every 23rd
    /// a genuine purchase. With `hubDegree`, one more address is a logistics hub used by
    /// that many storefronts in the network; with `hubStorefronts`, that many extra
    /// storefronts (outside the ring, no seller) ship from it, as a careless caller might pass.
    /// The same arguments always give the same ring.
    public static func synthetic(entityCount: Int, hubDegree: Int? = nil, hubStorefronts: Int = 0, title: String? = nil) -> RingDiagramInput {
        precondition(entityCount >= 5, "a ring needs at least 5 entities")
        let names = ["广州星辉贸易", "深圳华南电子", "义乌优品商行", "莆田鞋业", "东莞精工制品", "汕头玩具城", "泉州运动用品", "温州皮具"]
        let cities = ["广州 Guangzhou", "深圳 Shenzhen", "义乌 Yiwu", "莆田 Putian", "东莞 Dongguan"]
        let sellerCount = max(1, entityCount / 20)
        let factoryCount = min(3, max(1, entityCount / 100))
        let accountCount = max(1, entityCount / 10)
        let addressCount = max(1, entityCount / 5)
        let storefrontCount = max(1, entityCount - sellerCount - factoryCount - accountCount - addressCount)

        var nodes: [DiagramNode] = []
        var edges: [DiagramEdge] = []
        for s in 0..<sellerCount {
            nodes.append(DiagramNode(id: "S\(1000 + s)", kind: .seller, label: names[s % names.count], otherEvidence: s % 3))
        }
        for a in 0..<accountCount {
            nodes.append(DiagramNode(id: "PA\(500 + a)", kind: .paymentAccount, label: a % 2 == 0 ? "Alipay 支付宝" : "WeChat Pay"))
            if a > 0 { edges.append(DiagramEdge(from: "PA\(500 + a)", to: "PA\(500 + (a - 1) / 2)", relation: "transfers_to")) }
        }
        for d in 0..<addressCount {
            nodes.append(DiagramNode(id: "A\(300 + d)", kind: .address, label: cities[d % cities.count]))
        }
        for f in 0..<factoryCount {
            nodes.append(DiagramNode(id: "F\(70 + f)", kind: .factory, label: "莆田 workshop \(f + 1)", seizures: f == 0 ? 1 : 0))
            edges.append(DiagramEdge(from: "F\(70 + f)", to: "A\(300 + (f * 7) % addressCount)", relation: "located_at"))
        }
        for t in 0..<storefrontCount {
            let id = "SF\(10_000 + t)"
            nodes.append(DiagramNode(
                id: id, kind: .storefront, label: "shop \(t + 1)",
                confirmedFakes: t % 7 == 0 ? 1 + t % 3 : 0, seizures: t % 19 == 5 ? 1 : 0,
                genuinePurchases: t % 23 == 11 ? 1 : 0, otherEvidence: t % 4 == 1 ? 1 : 0
            ))
            edges.append(DiagramEdge(from: "S\(1000 + t % sellerCount)", to: id, relation: "operates"))
            edges.append(DiagramEdge(from: id, to: "PA\(500 + t % accountCount)", relation: "pays_to"))
            edges.append(DiagramEdge(from: id, to: "A\(300 + t % addressCount)", relation: "returns_to"))
            if t % 3 == 0 { edges.append(DiagramEdge(from: id, to: "F\(70 + t % factoryCount)", relation: "supplied_by")) }
        }
        if let hubDegree {
            nodes.append(DiagramNode(id: "A-HUB", kind: .address, label: "Baiyun logistics park 白云物流园", hubDegree: hubDegree))
            for t in stride(from: 0, to: storefrontCount, by: 2) {
                edges.append(DiagramEdge(from: "SF\(10_000 + t)", to: "A-HUB", relation: "ships_from"))
            }
            for h in 0..<hubStorefronts {
                nodes.append(DiagramNode(id: "HSF\(h)", kind: .storefront, label: "honest shop \(h)"))
                edges.append(DiagramEdge(from: "HSF\(h)", to: "A-HUB", relation: "ships_from"))
            }
        }
        return RingDiagramInput(title: title ?? "Synthetic ring (\(nodes.count) entities)", nodes: nodes, edges: edges)
    }
}
