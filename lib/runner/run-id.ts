/** Run ids: short, unique enough to label what one run creates on a server. */
import { randomInt } from 'node:crypto';

export function newRunId(): string {
  return `dcr-${Date.now().toString(36).slice(-5)}${randomInt(36 ** 3)
    .toString(36)
    .padStart(3, '0')}`;
}
