// A throwaway PostgreSQL cluster for tests: initdb in a temporary directory
// (as the postgres user when the suite runs as root: PostgreSQL refuses
// root), started on a free loopback port with its socket in that directory,
// and removed again by stop(). Debian's postgresql package provides the
// binaries (scripts/setup installs it).
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

function binaries() {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin/initdb'))).sort((a, b) => b - a) : [];
  return versions.length ? join(base, versions[0], 'bin') : null;
}

/** Whether this machine can run a throwaway cluster. */
export const postgresAvailable = () => binaries() !== null;

const freePort = () => new Promise((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

/** Starts a cluster; returns { url(database), createDatabase(name), stop() }. */
export async function startPostgres() {
  const bin = binaries();
  if (!bin) throw new Error('PostgreSQL is not installed (scripts/setup installs Debian\'s postgresql package)');
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
  const run = (command, args) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    return execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  };
  if (asRoot) {
    const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, id('-u'), id('-g'));
  }
  const user = asRoot ? 'postgres' : execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
  run(join(bin, 'initdb'), ['-D', data, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const port = await freePort();
  // fsync stays on: the durability tests kill servers, not the database.
  run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, 'start']);
  const url = (database = 'postgres') => `postgres://${user}@127.0.0.1:${port}/${database}`;
  let count = 0;
  return {
    url,
    /** A new, empty database; answers its URL. */
    async createDatabase(prefix = 'loyalty') {
      const name = `${prefix}_${process.pid}_${count++}`;
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop() {
      spawnSync(asRoot ? 'runuser' : join(bin, 'pg_ctl'), asRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']
        : ['-D', data, '-m', 'immediate', '-w', 'stop'], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
