// The command line of `npm run bench` (test/bench/run-bench.ts).

export interface Options {
  scales: number[];
  duration: number;
  connections: number;
  countsOnly: boolean;
  docs: boolean;
  reportOnly: boolean;
  postgraphile: boolean;
}

export function parseOptions(argv: string[]): Options {
  const options: Options = { scales: [], duration: 5, connections: 10, countsOnly: false, docs: true, reportOnly: false, postgraphile: true };
  const number = (name: string, value: string | undefined, min: number, max: number): number => {
    if (value === undefined || !/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new Error(`${name} needs a whole number from ${min} to ${max} (got ${value ?? 'nothing'})`);
    }
    return Number(value);
  };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--scale':
        for (const part of (value() ?? '').split(',')) options.scales.push(number('--scale', part, 1, 1000));
        break;
      case '--duration':
        options.duration = number('--duration', value(), 1, 600);
        break;
      case '--connections':
        options.connections = number('--connections', value(), 1, 200);
        break;
      case '--counts-only':
        options.countsOnly = true;
        break;
      case '--no-docs':
        options.docs = false;
        break;
      case '--report':
        options.reportOnly = true;
        break;
      case '--no-postgraphile':
        options.postgraphile = false;
        break;
      default:
        throw new Error(`unknown option ${argv[i]} (usage: npm run bench -- [--scale N]... [--duration S] [--connections C] [--counts-only] [--no-docs] [--no-postgraphile] | --report)`);
    }
  }
  if (options.scales.length === 0) options.scales = [1, 10];
  options.scales = [...new Set(options.scales)].sort((a, b) => a - b);
  return options;
}
