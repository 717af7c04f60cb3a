/**
 * Synthetic state machines for the engine benchmark: each stresses one kind of transition.
 */
type Definition = Record<string, unknown>;

/** `length` Pass states in a row. */
export function passChain(length: number): Definition {
  const States: Record<string, unknown> = {};
  for (let index = 0; index < length; index += 1) {
    States[`P${index}`] = index === length - 1 ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: `P${index + 1}` };
  }
  return { StartAt: 'P0', States };
}

/** A counter loop: Choice, then a Pass adding one with States.MathAdd, `rounds` times. */
export function choiceLoop(rounds: number): Definition {
  return {
    StartAt: 'Init',
    States: {
      Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Check' },
      Check: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericLessThan: rounds, Next: 'Increment' }], Default: 'Done' },
      Increment: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
      Done: { Type: 'Succeed' },
    },
  };
}

/** An inline Map over the input array, two Pass states per item. */
export function mapOverItems(): Definition {
  return {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Wrap',
          States: { Wrap: { Type: 'Pass', Parameters: { 'item.$': '$' }, Next: 'Keep' }, Keep: { Type: 'Pass', End: true } },
        },
        End: true,
      },
    },
  };
}

/** Parallel of `width` branches, each a Parallel of `width` branches of `depth` Pass states. */
export function nestedParallel(width: number, depth: number): Definition {
  let counter = 0;
  const chain = (): Definition => {
    const States: Record<string, unknown> = {};
    const names = Array.from({ length: depth }, () => `S${(counter += 1)}`);
    names.forEach((name, index) => {
      const next = names[index + 1];
      States[name] = next === undefined ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: next };
    });
    return { StartAt: names[0], States };
  };
  const inner = (): Definition => {
    const name = `Inner${(counter += 1)}`;
    return { StartAt: name, States: { [name]: { Type: 'Parallel', Branches: Array.from({ length: width }, chain), End: true } } };
  };
  return { StartAt: 'Outer', States: { Outer: { Type: 'Parallel', Branches: Array.from({ length: width }, inner), End: true } } };
}
