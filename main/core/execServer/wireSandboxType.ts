// Internally the sandboxes keep their own names; only the exec-server protocol
// speaks Codex's (methods.ts: wireSandboxType).
import type { SandboxType } from '../sandbox/common.js';
import type { WireSandboxType } from './methods.js';

const TO_WIRE: Record<SandboxType, WireSandboxType> = {
  none: 'none',
  seatbelt: 'macosSeatbelt',
  'linux-landlock': 'linuxSeccomp',
  'windows-restricted-token': 'windowsRestrictedToken',
};

const FROM_WIRE: Record<WireSandboxType, SandboxType> = {
  none: 'none',
  macosSeatbelt: 'seatbelt',
  linuxSeccomp: 'linux-landlock',
  windowsRestrictedToken: 'windows-restricted-token',
};

export function toWireSandboxType(type: SandboxType): WireSandboxType {
  return TO_WIRE[type];
}

export function fromWireSandboxType(wire: WireSandboxType): SandboxType {
  return FROM_WIRE[wire];
}
