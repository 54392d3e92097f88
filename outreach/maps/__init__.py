"""Folium map builders: service results in, a Leaflet map (or its GeoJSON layers) out."""
