import { readFileSync } from 'node:fs';
import path from 'node:path';
import { API_NODE_OPTIONS } from '../bench/node-settings';

// The API is started by Node with the same options wherever it starts: `npm start`, the Docker
// image, and the bench's API servers (test/bench/node-settings.ts says why these options).

const root = path.resolve(__dirname, '../..');

describe('Node options of the API', () => {
  it('npm start passes them', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe(['node', ...API_NODE_OPTIONS, 'dist/src/main.js'].join(' '));
  });

  it("the Dockerfile's CMD passes them", () => {
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
    expect(cmd).not.toBeNull();
    expect(JSON.parse(cmd![1])).toEqual(['node', ...API_NODE_OPTIONS, 'dist/src/main.js']);
  });
});
