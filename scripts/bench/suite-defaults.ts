/** The suite's default settings (lib/config/settings.ts), so the bench runs with what a user gets. */
import { SETTINGS, type RawSettings } from '../../lib/config/settings.ts';

export function numericDefault(key: keyof RawSettings): number {
  const value = Number(SETTINGS.find((s) => s.key === key)?.defaultValue);
  if (!Number.isFinite(value)) throw new Error(`lib/config/settings.ts gives ${key} no numeric default`);
  return value;
}
