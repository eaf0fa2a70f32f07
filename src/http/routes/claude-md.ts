/**
 * GET and PUT /api/projects/{name}/claude-md: a project's CLAUDE.md. Invariants: the body is
 * strict (an unknown field is refused by name); the policy (regular file only, trust, size,
 * text, conflict) lives in src/projects/claude-md.ts; the project is looked up before the body
 * is read (an unknown project is 404 whatever the body); the audit entry names sizes and
 * hashes, never the text, and is written for every replaced file, also when the directory
 * fsync after the rename failed (a failing audit append is logged with the entry). A 256 KiB text fits the global 1 MiB body limit even with every byte
 * JSON-escaped to two, so that limit needs no exception here.
 */
import { Hono } from 'hono';
import { resolveBridgeEnv } from '../../bridges/supervisor-config.js';
import { SHA256_HEX_RE } from '../../config/schema.js';
import {
  type ClaudeMdWrite,
  type ClaudeMdWritten,
  readClaudeMd,
  writeClaudeMd,
} from '../../projects/claude-md.js';
import type { Project } from '../../projects/discovery.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { readOptionalObject, refuseUnknownFields } from './bridge-http.js';
import { findProject } from './project-lookup.js';

const FIELDS = new Set(['text', 'base_sha256']);

/** `{text, base_sha256}` from the body; anything else is refused naming the field. */
function readClaudeMdBody(body: Record<string, unknown>): ClaudeMdWrite {
  refuseUnknownFields(body, FIELDS, 'text and base_sha256');
  if (typeof body.text !== 'string') {
    throw new HttpError('invalid-option', `text: expected a string, got ${kindOf(body.text)}`);
  }
  const base = body.base_sha256;
  if (base !== null && (typeof base !== 'string' || !SHA256_HEX_RE.test(base))) {
    throw new HttpError(
      'invalid-option',
      `base_sha256: expected the 64 hex digits of the sha256 read, or null to create, got ${kindOf(base)}`,
    );
  }
  return { text: body.text, baseSha256: base };
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  return typeof value === 'string' ? `a string of ${value.length} characters` : typeof value;
}

/** Routes of a project's CLAUDE.md. */
export function claudeMdRoutes(ctx: AppContext): Hono {
  const routes = new Hono();

  async function audit(project: Project, written: ClaudeMdWritten): Promise<void> {
    const { sha256, size, created, before } = written;
    const entry = {
      action: 'project.claude-md',
      project: project.name,
      path: project.path,
      created,
      bytes_before: before?.size ?? null,
      bytes_after: size,
      sha256_before: before?.sha256 ?? null,
      sha256_after: sha256,
    };
    try {
      await ctx.audit.append(entry);
    } catch (error) {
      ctx.logger.error('CLAUDE.md replaced but the audit entry could not be written', {
        ...entry,
        error,
      });
      throw error;
    }
  }

  routes.get('/api/projects/:name/claude-md', async (c) => {
    const project = await findProject(ctx, c.req.param('name'));
    const read = await readClaudeMd(project.path, ctx.deps);
    if (!read.ok) throw new HttpError(read.code, `project ${project.name}: ${read.detail}`);
    return c.json(read.value);
  });

  routes.put('/api/projects/:name/claude-md', async (c) => {
    const project = await findProject(ctx, c.req.param('name'));
    const request = readClaudeMdBody(await readOptionalObject(c));
    const options = {
      env: resolveBridgeEnv(ctx.config, ctx.deps.env),
      home: ctx.deps.home,
      onReplaced: async (done: ClaudeMdWritten) => {
        if (done.created) ctx.bus.publish({ type: 'projects-changed' });
        await audit(project, done);
      },
    };
    const written = await writeClaudeMd(project.path, request, options, ctx.deps);
    if (!written.ok) {
      const extra =
        written.code === 'claude-md-conflict' ? { current_sha256: written.currentSha256 } : {};
      throw new HttpError(written.code, `project ${project.name}: ${written.detail}`, { extra });
    }
    const { sha256, size } = written.value;
    return c.json({ sha256, size });
  });

  return routes;
}
