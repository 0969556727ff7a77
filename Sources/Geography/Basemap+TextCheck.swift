extension Basemap {
    /// How far a point may lie outside the region its text names before the two are said to
    /// disagree: the outlines are simplified to about 2 km, and geocoders put a place at its
    /// street, district or town centre.
    public static let disagreementToleranceKilometres = 10.0

    /// Country words that mean China (mainland, Hong Kong, Macau, Taiwan are all in the
    /// basemap's China layer).
    static let chinaCountryKeys: Set<String> = ["cn", "chn", "china", "中国", "中华人民共和国", "prc", "peoplesrepublicofchina",
                                                "hk", "hkg", "hongkong", "mo", "mac", "macau", "macao", "tw", "twn", "taiwan"]

    /// What is wrong when a place's text (its `city`, `province` and `country` columns) and
    /// its coordinates name different jurisdictions; `nil` when they agree or the text names
    /// nothing the basemap knows (a foreign city, a blank).
    ///
    /// Province first, then city; a point within ``disagreementToleranceKilometres`` of the
    /// named region agrees with it. A county-level city in the text (`Yiwu`) is checked
    /// against the prefecture it belongs to (Jinhua).
    public func disagreement(at point: GeoCoordinate, location: Location, city: String, province: String, country: String = "") -> String? {
        let countryKey = PlaceNames.key(country)
        let textSaysChina = countryKey.isEmpty ? nil : Self.chinaCountryKeys.contains(countryKey)
        let provinceIndex = self.province(named: province)
        let cityIndex = self.city(named: city, inProvince: provinceIndex)
        let named = provinceIndex.map { provinces[$0].displayName } ?? cityIndex.map { cities[$0].displayName }
        if location.standing != .china {
            let there = location.country.map { "in " + countries[$0].englishName } ?? "at sea"
            if let named { return "the text names \(named), the coordinates are \(there)" }
            if textSaysChina == true { return "the text names China, the coordinates are \(there)" }
            return nil
        }
        let here = location.city.map { cities[$0].displayName } ?? location.province.map { provinces[$0].displayName } ?? "China"
        if textSaysChina == false, provinceIndex == nil, cityIndex == nil {
            return "the text names \(country), the coordinates are in \(here)"
        }
        if let provinceIndex, location.province != provinceIndex {
            let off = provinces[provinceIndex].kilometres(to: point)
            if off > Self.disagreementToleranceKilometres {
                return "the text names \(provinces[provinceIndex].displayName), the coordinates are in \(here), \(Int(off.rounded())) km outside it"
            }
        }
        if let cityIndex, location.city != cityIndex {
            let off = cities[cityIndex].kilometres(to: point)
            if off > Self.disagreementToleranceKilometres {
                return "the text names \(cities[cityIndex].displayName), the coordinates are in \(here), \(Int(off.rounded())) km outside it"
            }
        }
        return nil
    }
}
