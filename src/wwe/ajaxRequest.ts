import { isObject } from '../util/jsonObject';

/** Method, URL and data of a `$.ajax` argument: an object with `url` (and `type`), or a URL string. */
export function requestOf(value: unknown): { method: string; url: string; data: unknown } | undefined {
  if (typeof value === 'string') return value === '' ? undefined : { method: 'GET', url: value, data: undefined };
  if (!isObject(value) || typeof value.url !== 'string' || value.url === '') return undefined;
  const method = typeof value.type === 'string' ? value.type : typeof value.method === 'string' ? value.method : 'GET';
  return { method, url: value.url, data: value.data };
}
