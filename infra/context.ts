/**
 * Reading typed values out of CDK context. Context arrives as JSON from cdk.json but as plain
 * strings from `-c key=value`, so both forms are accepted.
 */
import type { App } from 'aws-cdk-lib';

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** A list from context; `fallback` when the key is unset, an error when it is unset without one. */
export function contextList(app: App, key: string, fallback?: readonly string[]): string[] {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined && fallback) return [...fallback];
  if (isStringList(value)) return value;
  if (typeof value === 'string') {
    const parsed: unknown = value.trim().startsWith('[') ? JSON.parse(value) : value.split(',');
    if (isStringList(parsed)) return parsed.map((item) => item.trim()).filter((item) => item !== '');
  }
  throw new Error(`context ${key} must be a list of strings (cdk.json) or a comma-separated string (-c)`);
}

export function contextFlag(app: App, key: string): boolean {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`context ${key} must be true or false`);
}

export function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string') return value;
  throw new Error(`context ${key} must be a string`);
}

/** A string → string map from context: a JSON object in cdk.json or in `-c key='{"S1":"arn:…"}'`. */
export function contextRecord(app: App, key: string): Record<string, string> | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === '') return undefined;
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  const isRecord = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  if (isRecord && Object.values(parsed).every((item) => typeof item === 'string'))
    return parsed as Record<string, string>;
  throw new Error(`context ${key} must be an object of strings, e.g. {"S1": "arn:aws:iam::123456789012:role/s1-lead"}`);
}
