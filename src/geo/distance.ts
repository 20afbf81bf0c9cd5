const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance in km (haversine): accurate to well under 0.5% at the distances we search. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Which UK nation a point lies in, roughly (to a few km near the borders): used for bank holidays when
 * a service or patient is placed by coordinates outside any known postcode district.
 */
export function nationAt(lat: number, lon: number): 'england-and-wales' | 'scotland' | 'northern-ireland' {
  if (lon < -5.35 && lat >= 54.0 && lat <= 55.35) return 'northern-ireland';
  if (lon < -3.1) return lat > 54.63 ? 'scotland' : 'england-and-wales';
  // The border runs roughly from the Solway (54.95 N, 3.1 W) to Berwick (55.8 N, 2.03 W).
  const borderLat = 54.95 + ((lon + 3.1) * (55.8 - 54.95)) / (3.1 - 2.03);
  return lat > Math.min(borderLat, 55.8) ? 'scotland' : 'england-and-wales';
}
