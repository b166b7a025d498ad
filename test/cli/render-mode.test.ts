import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/ground/errors.js';
import { resolveRenderMode } from '../../src/ui/render-mode.js';

describe('resolveRenderMode', () => {
  it('uses Ink on an interactive terminal and plain lines elsewhere', () => {
    expect(resolveRenderMode({ env: {}, isTTY: true })).toBe('ink');
    expect(resolveRenderMode({ env: {}, isTTY: false })).toBe('plain');
  });

  it('treats CI as non-interactive unless it is explicitly false', () => {
    expect(resolveRenderMode({ env: { CI: 'true' }, isTTY: true })).toBe('plain');
    expect(resolveRenderMode({ env: { CI: '1' }, isTTY: true })).toBe('plain');
    expect(resolveRenderMode({ env: { CI: 'false' }, isTTY: true })).toBe('ink');
    expect(resolveRenderMode({ env: { CI: '0' }, isTTY: true })).toBe('ink');
  });

  it('lets OXEN_RENDERER override the automatic choice, and --json override both', () => {
    expect(resolveRenderMode({ env: { OXEN_RENDERER: 'plain' }, isTTY: true })).toBe('plain');
    expect(resolveRenderMode({ env: { OXEN_RENDERER: 'ink', CI: 'true' }, isTTY: false })).toBe('ink');
    expect(resolveRenderMode({ env: { OXEN_RENDERER: 'json' }, isTTY: true })).toBe('json');
    expect(resolveRenderMode({ json: true, env: { OXEN_RENDERER: 'ink' }, isTTY: true })).toBe('json');
  });

  it('rejects an unknown renderer with the choices', () => {
    expect(() => resolveRenderMode({ env: { OXEN_RENDERER: 'html' } })).toThrow(UsageError);
    expect(() => resolveRenderMode({ env: { OXEN_RENDERER: 'html' } })).toThrow('use one of ink, plain, json');
  });
});
