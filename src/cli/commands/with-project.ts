import type { Parsed } from '../args.js';
import type { Io } from '../io.js';
import { projectOptions } from '../project-options.js';
import { openProject, type Project } from '../../shell/operations/project.js';
import { redactText } from '../../shell/db/redact.js';

/** Open the project, run `fn`, always close (stops an embedded server this run started). */
export const withProject = async <T>(p: Parsed, io: Io, fn: (project: Project) => Promise<T>): Promise<T> => {
  const project = await openProject(projectOptions(p, io));
  try {
    return await fn(project);
  } finally {
    await project.close();
  }
};

/** Remove passwords of every database URL this run knows from a text. */
export const scrub = (text: string, io: Io, p: Parsed): string =>
  redactText(text, [p.values['db'], io.env['DATABASE_URL']].filter((x): x is string => typeof x === 'string'));
