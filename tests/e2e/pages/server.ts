import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A wallet-server of the journey's own (fresh database), to stop in the middle of a test. */
export class OwnServer {
  private constructor(readonly url: string, private readonly process: ChildProcess, private readonly database: string) {}

  /** `extra`: more server flags (shorter withdrawal stages, say). */
  static async start(extra: string[] = []): Promise<OwnServer> {
    const database = join(mkdtempSync(join(tmpdir(), 'wallet-journey-')), 'wallet.db');
    const child = spawn(process.env.WALLET_SERVER!, [
      '--bind', '127.0.0.1:0', '--demo', '--database', database, '--dist', process.env.WALLET_DIST!, ...extra,
    ], { stdio: ['ignore', 'pipe', 'ignore'] });
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      child.stdout!.on('data', (chunk) => {
        seen += chunk;
        const found = seen.match(/listening on (http:\/\/\S+)/);
        if (found) resolve(found[1]);
      });
      child.on('exit', () => reject(new Error('wallet-server exited before listening')));
    });
    return new OwnServer(url, child, database);
  }

  /** Runs `wallet-server admin ...` on this server's database (as an operator would). */
  admin(args: string[]): string {
    return execFileSync(process.env.WALLET_SERVER!, ['--database', this.database, 'admin', ...args], { encoding: 'utf8' });
  }

  async stop() {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill('SIGTERM');
    await exited;
  }
}
