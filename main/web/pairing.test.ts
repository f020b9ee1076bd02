import { describe, expect, it } from 'vitest';
import { PairingGate } from './pairing.js';

describe('PairingGate', () => {
  it('trades a pairing token once, for a session it then knows', () => {
    const gate = new PairingGate(60_000);
    const pair = gate.issuePairing();
    const first = gate.pair(pair);
    if (!('session' in first)) throw new Error(`refused: ${first.refused}`);
    expect(gate.hasSession(first.session)).toBe(true);
    expect(gate.pair(pair)).toEqual({ refused: 'used' });
    expect(gate.pair('never-issued')).toEqual({ refused: 'unknown' });
    expect(gate.hasSession(pair)).toBe(false);
    expect(gate.hasSession('never-issued')).toBe(false);
  });

  it('refuses a pairing token after its time, and spends it', () => {
    let now = 1_000;
    const gate = new PairingGate(500, () => now);
    const late = gate.issuePairing();
    const onTime = gate.issuePairing();
    now = 1_500;
    expect('session' in gate.pair(onTime)).toBe(true);
    now = 1_501;
    expect(gate.pair(late)).toEqual({ refused: 'expired' });
    expect(gate.pair(late)).toEqual({ refused: 'used' });
  });
});
