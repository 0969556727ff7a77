import Foundation
import Testing
@testable import Geography

/// The bundled basemap, checked on places whose jurisdiction is known (coordinates of city
/// centres from GeoNames).
@Suite struct BasemapTests {
    let basemap = try! Basemap.bundled.get()

    @Test func hasTheProvincesAndCitiesOfChinaAndTheWorld() {
        #expect(basemap.provinces.count == 34)
        #expect(basemap.cities.count == 370)
        #expect(basemap.countries.count > 150)
        #expect(basemap.provinces.allSatisfy { $0.ringCount > 0 })
        #expect(basemap.cities.allSatisfy { $0.ringCount > 0 && $0.parentCode != nil })
    }

    @Test(arguments: [
        (23.1291, 113.2644, "440100", "440000"),  // Guangzhou
        (22.5431, 114.0579, "440300", "440000"),  // Shenzhen
        (25.4540, 119.0078, "350300", "350000"),  // Putian
        (29.3069, 120.0751, "330700", "330000"),  // Yiwu: a county-level city of Jinhua
        (31.2304, 121.4737, "310100", "310000"),  // Shanghai
        (39.9042, 116.4074, "110100", "110000"),  // Beijing
        (22.3193, 114.1694, "810000", "810000"),  // Hong Kong (Kowloon)
        (43.8256, 87.6168, "650100", "650000"),   // Ürümqi
    ])
    func locatesCityCentres(latitude: Double, longitude: Double, city: String, province: String) throws {
        let location = basemap.locate(GeoCoordinate(latitude: latitude, longitude: longitude))
        #expect(location.standing == .china)
        let cityIndex = try #require(location.city)
        let provinceIndex = try #require(location.province)
        let (foundCity, foundProvince) = (basemap.cities[cityIndex].code, basemap.provinces[provinceIndex].code)
        #expect(foundCity == city)
        #expect(foundProvince == province)
    }

    @Test func placesAbroadAndAtSea() throws {
        let istanbul = basemap.locate(GeoCoordinate(latitude: 41.0082, longitude: 28.9784))
        #expect(istanbul.standing == .abroad)
        let turkey = basemap.countries[try #require(istanbul.country)].code
        #expect(turkey == "TR")
        let milan = basemap.locate(GeoCoordinate(latitude: 45.4642, longitude: 9.19))
        let italy = basemap.countries[try #require(milan.country)].code
        #expect(italy == "IT")
        let pacific = basemap.locate(GeoCoordinate(latitude: 10, longitude: -150))
        #expect(pacific.standing == .atSea)
        let southChinaSea = basemap.locate(GeoCoordinate(latitude: 19.5, longitude: 116))
        #expect(southChinaSea.standing == .atSea)
    }

    /// Null Island and broken values are never a place.
    @Test func unusableCoordinates() {
        #expect(GeoCoordinate(usable: 0, 0) == nil)
        #expect(GeoCoordinate(usable: .nan, 113) == nil)
        #expect(GeoCoordinate(usable: 23, .infinity) == nil)
        #expect(GeoCoordinate(usable: 91, 113) == nil)
        #expect(GeoCoordinate(usable: 23, -181) == nil)
        #expect(GeoCoordinate(usable: 0, 113) != nil)
    }

    @Test(arguments: [
        ("广东", "440000"), ("广东省", "440000"), ("Guangdong", "440000"), ("guangdong province", "440000"),
        ("GUANGDONG", "440000"), ("Inner Mongolia", "150000"), ("内蒙古自治区", "150000"), ("Xizang", "540000"),
        ("Shaanxi", "610000"), ("Shanxi", "140000"), ("Hong Kong", "810000"), ("Macao", "820000"),
    ])
    func readsProvinceNames(text: String, code: String) throws {
        let index = try #require(basemap.province(named: text))
        let found = basemap.provinces[index].code
        #expect(found == code)
    }

    @Test(arguments: [
        ("广州", nil, "440100"), ("广州市", nil, "440100"), ("Guangzhou City", nil, "440100"), ("Xi'an", nil, "610100"),
        ("Yiwu", "330000", "330700"), ("义乌", nil, "330700"), ("常熟", nil, "320500"), ("Jinjiang", "350000", "350500"),
        ("Suzhou", "320000", "320500"), ("Suzhou", "340000", "341300"), ("延边", nil, "222400"),
    ] as [(String, String?, String)])
    func readsCityNames(text: String, province: String?, code: String) throws {
        let provinceIndex = province.flatMap { code in basemap.provinces.firstIndex { $0.code == code } }
        let index = try #require(basemap.city(named: text, inProvince: provinceIndex))
        let found = basemap.cities[index].code
        #expect(found == code)
    }

    /// Two prefectures are called Suzhou (苏州, Jiangsu; 宿州, Anhui), two counties Yiwu (义乌,
    /// Zhejiang; 伊吾, Xinjiang): without the province the text names neither for certain.
    @Test func ambiguousNamesNameNothing() {
        #expect(basemap.city(named: "Suzhou") == nil)
        #expect(basemap.city(named: "Yiwu") == nil)
        #expect(basemap.city(named: "") == nil)
        #expect(basemap.province(named: "Atlantis") == nil)
    }

    @Test func distanceToOutline() throws {
        let guangzhou = try #require(basemap.cities.first { $0.code == "440100" })
        let inside = GeoCoordinate(latitude: 23.1291, longitude: 113.2644)
        #expect(guangzhou.kilometres(to: inside) == 0)
        // Shenzhen's centre lies some tens of kilometres south-east of Guangzhou's border.
        let shenzhen = guangzhou.kilometres(to: GeoCoordinate(latitude: 22.5431, longitude: 114.0579))
        #expect(shenzhen > 10 && shenzhen < 80)
    }
}

@Suite struct ProjectionTests {
    @Test func webMercatorRoundTrips() {
        for (latitude, longitude) in [(23.1291, 113.2644), (-33.9, 151.2), (0.0, 0.0), (60.0, -150.0)] {
            let projected = WebMercator.project(GeoCoordinate(latitude: latitude, longitude: longitude))
            let back = WebMercator.coordinate(x: projected.x, y: projected.y)
            #expect(abs(back.latitude - latitude) < 1e-9 && abs(back.longitude - longitude) < 1e-9)
        }
    }

    /// One degree of longitude at 60°N is half as long as at the equator.
    @Test func scaleShrinksWithTheCosineOfLatitude() {
        #expect(abs(WebMercator.kilometresPerUnit(atLatitude: 60) / WebMercator.kilometresPerUnit(atLatitude: 0) - 0.5) < 1e-12)
    }

    @Test func haversine() {
        // Guangzhou to Beijing: 1,890 km by great circle.
        let distance = GeoCoordinate(latitude: 23.1291, longitude: 113.2644).kilometres(to: GeoCoordinate(latitude: 39.9042, longitude: 116.4074))
        #expect(abs(distance - 1890) < 10)
    }
}

/// A hand-made square with a hole, to check the even–odd rule independently of the data.
@Suite struct RegionTests {
    let region = Region(level: .city, code: "X", name: "X", shortName: "X", englishName: "X", parentCode: nil, labelPoint: nil, rings: [
        [GeoCoordinate(latitude: 0, longitude: 0), GeoCoordinate(latitude: 0, longitude: 10), GeoCoordinate(latitude: 10, longitude: 10), GeoCoordinate(latitude: 10, longitude: 0)],
        [GeoCoordinate(latitude: 4, longitude: 4), GeoCoordinate(latitude: 4, longitude: 6), GeoCoordinate(latitude: 6, longitude: 6), GeoCoordinate(latitude: 6, longitude: 4)],
    ])

    @Test func evenOddRule() {
        #expect(region.contains(GeoCoordinate(latitude: 2, longitude: 2)))
        #expect(!region.contains(GeoCoordinate(latitude: 5, longitude: 5)), "in the hole")
        #expect(!region.contains(GeoCoordinate(latitude: 11, longitude: 5)))
        #expect(region.ringCount == 2)
        #expect(region.labelPoint == GeoCoordinate(latitude: 5, longitude: 5))
    }
}

@Suite struct TextCheckTests {
    let basemap = try! Basemap.bundled.get()

    func check(_ latitude: Double, _ longitude: Double, city: String, province: String, country: String = "") -> String? {
        let point = GeoCoordinate(latitude: latitude, longitude: longitude)
        return basemap.disagreement(at: point, location: basemap.locate(point), city: city, province: province, country: country)
    }

    @Test func agreeingTextIsSilent() {
        #expect(check(23.1291, 113.2644, city: "广州", province: "广东") == nil)
        #expect(check(23.1291, 113.2644, city: "Guangzhou", province: "Guangdong", country: "CN") == nil)
        #expect(check(29.3069, 120.0751, city: "Yiwu", province: "Zhejiang") == nil, "a county-level city of Jinhua")
        #expect(check(41.0082, 28.9784, city: "Istanbul", province: "Istanbul", country: "TR") == nil, "nothing to check abroad")
        #expect(check(23.1291, 113.2644, city: "", province: "") == nil)
    }

    @Test func disagreeingTextIsNamed() throws {
        // Text says Putian, Fujian; coordinates are Guangzhou's.
        let message = try #require(check(23.1291, 113.2644, city: "Putian", province: "Fujian"))
        #expect(message.contains("福建 Fujian") && message.contains("广州 Guangzhou"))
        // Right province, wrong city: Shenzhen's coordinates written as Guangzhou.
        let city = try #require(check(22.5431, 114.0579, city: "Guangzhou", province: "Guangdong"))
        #expect(city.contains("广州 Guangzhou") && city.contains("km outside"))
        // A Chinese province text with coordinates in Turkey.
        #expect(try #require(check(41.0082, 28.9784, city: "", province: "Guangdong")).contains("in Turkey"))
        #expect(check(10, -150, city: "", province: "", country: "CN")?.contains("at sea") == true)
    }

    /// A point just across a border (within the tolerance) is not a disagreement: simplified
    /// outlines and rough geocoding put real places a few kilometres off.
    @Test func nearTheBorderAgrees() throws {
        let guangzhou = try #require(basemap.cities.first { $0.code == "440100" })
        // Walk east from Guangzhou's centre until just outside its outline.
        var longitude = 113.2644
        while guangzhou.contains(GeoCoordinate(latitude: 23.1291, longitude: longitude)) { longitude += 0.01 }
        #expect(check(23.1291, longitude + 0.02, city: "Guangzhou", province: "Guangdong") == nil)
        #expect(check(23.1291, longitude + 0.5, city: "Guangzhou", province: "Guangdong") != nil)
    }
}
