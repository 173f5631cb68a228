/** The declared foreign-data objects and publications, ALTER PUBLICATION applied in source order. */
import type { SchemaDraft } from './drafts.js';
import type { Schema } from '../model/schema.js';
import { diagnostic } from '../model/diagnostic.js';
import { sortedRecord } from '../model/sorted.js';
import { quoteIdent } from '../emit/sql/quote.js';

export const declaredForeign = (draft: SchemaDraft): Pick<Schema, 'foreignDataWrappers' | 'foreignServers' | 'userMappings' | 'publications'> => {
  const f = draft.foreign;
  const publications = new Map(f.publications);
  for (const a of f.publicationAlters) {
    const p = publications.get(a.name);
    if (!p) draft.diagnostics.push(diagnostic('unknown_reference', `ALTER PUBLICATION names publication ${quoteIdent(a.name)}, which is declared nowhere`, a.span));
    else publications.set(a.name, a.apply(p));
  }
  return {
    foreignDataWrappers: sortedRecord(f.wrappers), foreignServers: sortedRecord(f.servers),
    userMappings: sortedRecord(f.userMappings), publications: sortedRecord(publications),
  };
};
