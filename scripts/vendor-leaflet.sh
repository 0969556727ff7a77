#!/bin/sh
# Copies Leaflet from Debian's libjs-leaflet into Sources/Rendering/Resources/leaflet/, where the
# interactive map (map.html, the map in index.html) inlines it: the page stays one offline file,
# and a run's bytes do not depend on which Leaflet the machine that runs it has installed.
# The stylesheet's url(...) references (layer-control and marker images, which the map does not
# use) are removed: the page's Content-Security-Policy would block them and log errors.
#
# usage: scripts/vendor-leaflet.sh        (needs: apt-get install -y libjs-leaflet)
set -eu
source=/usr/share/javascript/leaflet
target=$(dirname "$0")/../Sources/Rendering/Resources/leaflet
if [ ! -f "$source/leaflet.min.js" ]; then
    echo "error: $source/leaflet.min.js not found; install it with 'apt-get install -y libjs-leaflet'" >&2
    exit 1
fi
mkdir -p "$target"
# The source map comment would make developer tools try to fetch leaflet.min.js.map.
sed '/^\/\/# sourceMappingURL=/d' "$source/leaflet.min.js" > "$target/leaflet.min.js"
sed -e 's/url([^)]*)/none/g' "$source/leaflet.css" | sed '/sourceMappingURL/d' > "$target/leaflet.css"
version=$(dpkg-query -W -f='${Version}' libjs-leaflet 2>/dev/null || echo unknown)
script_version=$(grep -o 't.version="[^"]*"' "$target/leaflet.min.js" | head -1 | cut -d'"' -f2)
{
    echo "Leaflet $script_version (L.version), from Debian's libjs-leaflet $version, copied by scripts/vendor-leaflet.sh."
    echo "https://leafletjs.com · https://github.com/Leaflet/Leaflet"
    echo
    echo "Copyright (c) 2010-2019, Vladimir Agafonkin"
    echo "Copyright (c) 2010-2011, CloudMade"
    # The licence text: the last "License: BSD-2-clause" paragraph of Debian's copyright file.
    awk '/^License: BSD-2-clause$/ { text = ""; inside = 1; next } inside && /^[^ ]/ { inside = 0 } inside { text = text $0 "\n" } END { printf "%s", text }' \
        /usr/share/doc/libjs-leaflet/copyright | sed 's/^ //; s/^\.$//'
} > "$target/LICENSE"
echo "$target: leaflet.min.js $(wc -c < "$target/leaflet.min.js") bytes, leaflet.css $(wc -c < "$target/leaflet.css") bytes"
