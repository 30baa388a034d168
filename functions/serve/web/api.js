// The page's calls to the JSON API (docs/dashboard.md); a non-2xx answer throws its message.
export async function getJson(path, params = {}) {
  const query = new URLSearchParams(
    Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  );
  const response = await fetch(`${path}${query.size ? `?${query}` : ''}`, { headers: { accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `${response.status} ${response.statusText}`);
  return body;
}

/** The URL of a GET with the same parameters (CSV download links). */
export function urlOf(path, params = {}) {
  const query = new URLSearchParams(
    Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  );
  return `${path}?${query}`;
}
