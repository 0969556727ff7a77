/// The goods on sale: brands with real products and their retail prices (USD, 2024–2025 list
/// prices, rounded), unbranded goods, and the wording of listing titles.
extension WorldGenerator {
    struct Product: Sendable {
        let name: String
        let msrpUSD: Int
    }

    struct Brand: Sendable {
        let name: String
        /// Short code used in complaint references.
        let code: String
        let products: [Product]
        /// How often a storefront focuses on this brand (sneakers and entry luxury sell most).
        let weight: Double
    }

    static let brands: [Brand] = [
        Brand(name: "Gucci", code: "GUC", products: [
            Product(name: "GG Marmont Small Shoulder Bag", msrpUSD: 2590), Product(name: "Ace Leather Sneaker", msrpUSD: 790),
            Product(name: "Jackie 1961 Small Hobo Bag", msrpUSD: 3400), Product(name: "Horsebit 1955 Shoulder Bag", msrpUSD: 2980),
            Product(name: "GG Supreme Belt", msrpUSD: 520)], weight: 10),
        Brand(name: "Saint Laurent", code: "YSL", products: [
            Product(name: "Loulou Medium Chain Bag", msrpUSD: 3250), Product(name: "Kate Chain Wallet", msrpUSD: 2290),
            Product(name: "Le 5 à 7 Hobo Bag", msrpUSD: 2950), Product(name: "Cassandre Card Case", msrpUSD: 395)], weight: 6),
        Brand(name: "Balenciaga", code: "BAL", products: [
            Product(name: "Triple S Sneaker", msrpUSD: 1150), Product(name: "Track Sneaker", msrpUSD: 1090),
            Product(name: "Le Cagole Shoulder Bag", msrpUSD: 2650), Product(name: "Speed Trainer", msrpUSD: 975),
            Product(name: "Hourglass Small Handbag", msrpUSD: 2950)], weight: 6),
        Brand(name: "Bottega Veneta", code: "BV", products: [
            Product(name: "Cassette Bag", msrpUSD: 3500), Product(name: "Jodie Mini Bag", msrpUSD: 2900),
            Product(name: "Intrecciato Card Case", msrpUSD: 390), Product(name: "Andiamo Small Bag", msrpUSD: 4900)], weight: 4),
        Brand(name: "Louis Vuitton", code: "LV", products: [
            Product(name: "Neverfull MM", msrpUSD: 2030), Product(name: "Speedy Bandoulière 25", msrpUSD: 2150),
            Product(name: "Keepall Bandoulière 50", msrpUSD: 2800), Product(name: "Zippy Wallet", msrpUSD: 1150),
            Product(name: "Pochette Métis", msrpUSD: 2810)], weight: 10),
        Brand(name: "Prada", code: "PRA", products: [
            Product(name: "Re-Edition 2005 Nylon Bag", msrpUSD: 1750), Product(name: "Galleria Saffiano Bag", msrpUSD: 3900),
            Product(name: "Cleo Brushed Leather Bag", msrpUSD: 2950), Product(name: "Monolith Leather Loafers", msrpUSD: 1150)], weight: 6),
        Brand(name: "Nike", code: "NKE", products: [
            Product(name: "Air Jordan 1 Retro High OG", msrpUSD: 180), Product(name: "Dunk Low Retro", msrpUSD: 115),
            Product(name: "Air Max 90", msrpUSD: 130), Product(name: "Air Force 1 '07", msrpUSD: 115),
            Product(name: "Tech Fleece Full-Zip Hoodie", msrpUSD: 130)], weight: 16),
        Brand(name: "Adidas", code: "ADS", products: [
            Product(name: "Yeezy Boost 350 V2", msrpUSD: 230), Product(name: "Samba OG", msrpUSD: 100),
            Product(name: "Ultraboost Light", msrpUSD: 190)], weight: 9),
        Brand(name: "Chanel", code: "CHA", products: [
            Product(name: "Classic 11.12 Handbag", msrpUSD: 10400), Product(name: "Boy Handbag", msrpUSD: 6900),
            Product(name: "Classic Card Holder", msrpUSD: 530)], weight: 5),
        Brand(name: "Dior", code: "DIO", products: [
            Product(name: "Book Tote Medium", msrpUSD: 3500), Product(name: "Saddle Bag", msrpUSD: 4300),
            Product(name: "B23 High-Top Sneaker", msrpUSD: 1150)], weight: 4),
        Brand(name: "Moncler", code: "MON", products: [
            Product(name: "Maya Short Down Jacket", msrpUSD: 1650), Product(name: "Grenoble Down Vest", msrpUSD: 995)], weight: 3),
        Brand(name: "Rolex", code: "ROL", products: [
            Product(name: "Submariner Date 41", msrpUSD: 10250), Product(name: "Datejust 36", msrpUSD: 8450)], weight: 2),
        Brand(name: "Apple", code: "APL", products: [
            Product(name: "AirPods Pro (2nd generation)", msrpUSD: 249), Product(name: "Watch Ultra 2", msrpUSD: 799)], weight: 5),
    ]

    static let colours = ["Black", "White", "Beige", "Brown", "Red", "Navy", "Green", "Pink", "Grey", "Tan"]

    static let unbrandedGoods: [Product] = [
        Product(name: "Women's PU Leather Crossbody Bag", msrpUSD: 0), Product(name: "Men's Breathable Mesh Running Shoes", msrpUSD: 0),
        Product(name: "Wireless Earbuds Bluetooth 5.3", msrpUSD: 0), Product(name: "Unisex Cotton Hoodie", msrpUSD: 0),
        Product(name: "Stainless Steel Quartz Watch", msrpUSD: 0), Product(name: "Canvas Tote Bag Large", msrpUSD: 0),
        Product(name: "女士单肩包 真皮", msrpUSD: 0), Product(name: "男士休闲运动鞋", msrpUSD: 0),
        Product(name: "Polarized Sunglasses UV400", msrpUSD: 0), Product(name: "Slim Leather Card Holder", msrpUSD: 0),
    ]

    /// Counterfeit vocabulary that keyword screening looks for.
    static let counterfeitPhrases = ["AAA", "1:1", "Mirror Quality", "Replica", "Top Quality Original Box", "Dupe", "高仿", "原单", "复刻", "A货"]
    /// Wording honest sellers use (and that some rings copy).
    static let honestPhrases = ["Authentic", "100% Genuine", "Pre-owned", "New with Tags", "Vintage", "正品", "Brand New", "With Receipt"]

    struct Currency: Sendable {
        let code: String
        /// Units of this currency per US dollar (rounded 2025 rates).
        let perUSD: Double
    }

    static let currencies = [Currency(code: "USD", perUSD: 1), Currency(code: "EUR", perUSD: 0.92),
                             Currency(code: "GBP", perUSD: 0.79), Currency(code: "CNY", perUSD: 7.2)]

    struct Platform: Sendable {
        let name: String
        /// Index into `currencies` this platform usually prices in.
        let currency: Int
        let honestWeight: Double
        let ringWeight: Double
    }

    static let platforms = [
        Platform(name: "AliExpress", currency: 0, honestWeight: 20, ringWeight: 20),
        Platform(name: "Amazon", currency: 0, honestWeight: 25, ringWeight: 14),
        Platform(name: "eBay", currency: 0, honestWeight: 15, ringWeight: 12),
        Platform(name: "DHgate", currency: 0, honestWeight: 6, ringWeight: 14),
        Platform(name: "Shopee", currency: 0, honestWeight: 10, ringWeight: 12),
        Platform(name: "Lazada", currency: 0, honestWeight: 6, ringWeight: 6),
        Platform(name: "Taobao", currency: 3, honestWeight: 12, ringWeight: 12),
        Platform(name: "Temu", currency: 0, honestWeight: 6, ringWeight: 5),
        Platform(name: "Vinted", currency: 1, honestWeight: 4, ringWeight: 3),
        Platform(name: "Etsy", currency: 0, honestWeight: 3, ringWeight: 1),
    ]

    static let paymentProviders = ["Alipay", "WeChat Pay", "Payoneer", "PingPong", "LianLian Pay", "WorldFirst", "Airwallex",
                                   "ICBC", "China Construction Bank", "Bank of China", "China Merchants Bank", "Agricultural Bank of China",
                                   "HSBC", "Wise", "PayPal", "Stripe"]
    /// Providers an honest seller's own account uses, by weight (same table for ring members' own accounts).
    static let providerWeights: [Double] = [14, 6, 10, 8, 6, 5, 4, 6, 5, 5, 4, 3, 4, 3, 8, 3]
    static let bankProviders = [7, 8, 9, 10, 11, 12]
    static let escrowProvider = "Marketplace Escrow"
}
