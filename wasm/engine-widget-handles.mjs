// The widget's engine has no embind (wasm/exports_widget.cpp says why): its
// calls are plain C exports taking UTF-8 text as (address, length) and
// leaving their envelope in wasm memory. This gives them the shape embind
// gives the full build (ProgramHandle, LedgerHandle, engineVersion,
// heapBytes, allocatedBytes), so loyalty-engine-core.mjs serves both builds
// unchanged.

import { LoyaltyError } from './loyalty-engine-core.mjs';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Adds the handle classes and functions to an instantiated widget module; returns it. */
export function withHandles(module) {
  // Each document argument in its own malloc'd block, freed after the call:
  // text is encoded straight into wasm memory (UTF-8 takes at most 3 bytes
  // per UTF-16 unit, so the block always fits); bytes (a Uint8Array, which
  // documentArg passes through as UTF-8) are copied in one step.
  function place(value, blocks) {
    const room = typeof value === 'string' ? value.length * 3 : value.length;
    const at = module._malloc(room || 1);
    // A refused malloc changes nothing: the engine stays usable.
    if (!at) throw new LoyaltyError('out_of_memory', 'the input is too large for the memory available');
    blocks.push(at);
    if (typeof value !== 'string') {
      module.HEAPU8.set(value, at);
      return [at, value.length];
    }
    const { written } = encoder.encodeInto(value, module.HEAPU8.subarray(at, at + room));
    return [at, written];
  }

  // Calls an export whose arguments are documents (strings or bytes) and
  // numbers, and decodes the envelope it leaves. HEAPU8 is read after the
  // call: the call may have grown the memory.
  function invoke(exported, ...args) {
    const blocks = [];
    try {
      const flat = [];
      for (const arg of args) {
        if (typeof arg === 'number') flat.push(arg);
        else flat.push(...place(arg, blocks));
      }
      const length = exported(...flat) >>> 0;
      const at = module._loyalty_answer();
      return decoder.decode(module.HEAPU8.subarray(at, at + length));
    } finally {
      for (const at of blocks) module._free(at);
    }
  }

  class Handle {
    constructor(create, destroy) {
      this.pointer = create();
      this.destroy = destroy;
    }

    // The wasm's address of the handle; a deleted one would be address 0,
    // which wasm reads without a trap, so it is refused here.
    get live() {
      if (!this.pointer) throw new Error('the handle was deleted');
      return this.pointer;
    }

    delete() {
      const pointer = this.live;
      this.pointer = 0;
      this.destroy(pointer);
    }
  }

  class ProgramHandle extends Handle {
    constructor() { super(module._loyalty_program_new, module._loyalty_program_delete); }
    load(json) { return invoke(module._loyalty_program_load, this.live, json); }
    balance(events, customer, asOf) { return invoke(module._loyalty_program_balance, this.live, events, customer, asOf); }
    simulate(events, customer, cart, asOf) {
      return invoke(module._loyalty_program_simulate, this.live, events, customer, cart, asOf);
    }
    rewards(events, customer, cart, points, asOf) {
      return invoke(module._loyalty_program_rewards, this.live, events, customer, cart, points, asOf);
    }
    waysToEarn() { return invoke(module._loyalty_program_ways_to_earn, this.live); }
  }

  class LedgerHandle extends Handle {
    constructor() { super(module._loyalty_ledger_new, module._loyalty_ledger_delete); }
    open(program, customer) { return invoke(module._loyalty_ledger_open, this.live, program.live, customer); }
    append(events) { return invoke(module._loyalty_ledger_append, this.live, events); }
    balance(asOf, withEntries) { return invoke(module._loyalty_ledger_balance, this.live, asOf, withEntries ? 1 : 0); }
    rewards(cart, points, asOf) { return invoke(module._loyalty_ledger_rewards, this.live, cart, points, asOf); }
    simulate(cart, asOf) { return invoke(module._loyalty_ledger_simulate, this.live, cart, asOf); }
  }

  return Object.assign(module, {
    ProgramHandle,
    LedgerHandle,
    engineVersion: () => invoke(module._loyalty_engine_version),
    heapBytes: () => module._loyalty_heap_bytes(),
    allocatedBytes: () => module._loyalty_allocated_bytes(),
  });
}
