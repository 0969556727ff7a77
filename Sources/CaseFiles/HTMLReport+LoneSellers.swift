import Investigation

extension HTMLReport {
    /// The "Lone sellers" section of `index.html`: the counterfeiters taken out of honest groups,
    /// as in `lone_sellers.csv`, each with the ring id of the rest of its group (a link when that
    /// group has a section on the page). Nothing when there is none.
    static func loneSellerSection(_ investigation: Investigation, packagedIDs: Set<String>) -> String {
        guard !investigation.loneSellers.isEmpty else { return "" }
        let network = investigation.network
        var html = "<section id=\"lone\">\n<h2>Lone sellers</h2>\n"
        html += "<p class=\"note\">Each sells fakes on its own inside a group that shares an office, an account or a phone: every confirmed fake and seizure of the group is on this one seller, none on what they share, and every other member is seen selling with no counterfeit indicator. Refer the seller alone; the rest of the group is ranked without it.</p>\n"
        html += tableHead(["seller", "name", "storefronts", "confirmed fakes", "brands", "group sellers", "rest of the group"], numeric: [2, 3, 5])
        for lone in investigation.loneSellers {
            let rest = lone.remainderRing.map { id in
                packagedIDs.contains(id) ? "<a href=\"#\(anchor(for: id))\">\(htmlEscaped(id))</a>" : htmlEscaped(id)
            } ?? ""
            html += row(["<span class=\"id\">\(htmlEscaped(network.id(.seller, lone.seller)))</span>",
                         htmlEscaped(network.displayName(.seller, lone.seller)), String(lone.storefronts), String(lone.confirmedFakes),
                         htmlEscaped(lone.brands.joined(separator: ", ")), String(lone.group.count), rest], numeric: [2, 3, 5])
        }
        return html + "</tbody>\n</table>\n</div>\n</section>\n\n"
    }
}
