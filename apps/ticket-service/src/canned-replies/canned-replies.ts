import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  CannedReplyView,
  CodedError,
  CreateCannedReplyCommand,
  ErrorCode,
  UpdateCannedReplyCommand,
} from '@app/contracts';

interface CannedReplyRow {
  id: number;
  title: string;
  text_ru: string | null;
  text_en: string | null;
  created_at: Date;
  updated_at: Date;
}

const toView = (row: CannedReplyRow): CannedReplyView => ({
  id: row.id,
  title: row.title,
  texts: { ru: row.text_ru, en: row.text_en },
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const notFound = (id: number) => new CodedError(ErrorCode.CannedReplyNotFound, `Canned reply #${id} not found`);

function assertHasText(texts: { ru: string | null; en: string | null }): void {
  if (texts.ru === null && texts.en === null)
    throw new CodedError(ErrorCode.ValidationFailed, 'texts needs a ru or an en text');
}

/** The team's prepared answers, one text per language; admins write them, everyone reads them. */
@Injectable()
export class CannedReplies {
  private readonly logger = new Logger(CannedReplies.name);

  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<CannedReplyView[]> {
    const rows: CannedReplyRow[] = await this.dataSource.query(
      'SELECT * FROM ticket.canned_replies ORDER BY lower(title), id',
    );
    return rows.map(toView);
  }

  async create({ title, texts }: CreateCannedReplyCommand): Promise<CannedReplyView> {
    const both = { ru: texts.ru ?? null, en: texts.en ?? null };
    assertHasText(both);
    const [row]: CannedReplyRow[] = await this.dataSource.query(
      'INSERT INTO ticket.canned_replies (title, text_ru, text_en) VALUES ($1, $2, $3) RETURNING *',
      [title, both.ru, both.en],
    );
    this.logger.log({ cannedReplyId: row.id }, 'Canned reply created');
    return toView(row);
  }

  /** Only what is given changes; a language given as null loses its text (one must remain). */
  async update({ id, title, texts }: UpdateCannedReplyCommand): Promise<CannedReplyView> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lock(manager, id, 'UPDATE');
      const next = {
        title: title ?? current.title,
        ru: texts?.ru === undefined ? current.text_ru : texts.ru,
        en: texts?.en === undefined ? current.text_en : texts.en,
      };
      assertHasText(next);
      const [[row]]: [CannedReplyRow[], number] = await manager.query(
        'UPDATE ticket.canned_replies SET title = $2, text_ru = $3, text_en = $4, updated_at = now() WHERE id = $1 RETURNING *',
        [id, next.title, next.ru, next.en],
      );
      this.logger.log({ cannedReplyId: id }, 'Canned reply updated');
      return toView(row);
    });
  }

  /** Waits for replies being sent from it (they hold it FOR SHARE): a reply goes out whole or not at all. */
  async delete(id: number): Promise<{ deleted: true }> {
    const [, deleted]: [unknown, number] = await this.dataSource.query(
      'DELETE FROM ticket.canned_replies WHERE id = $1',
      [id],
    );
    if (deleted === 0) throw notFound(id);
    this.logger.log({ cannedReplyId: id }, 'Canned reply deleted');
    return { deleted: true };
  }

  /** Read and locked for the rest of the caller's transaction: SHARE to send it, UPDATE to change it. */
  async lock(manager: EntityManager, id: number, mode: 'SHARE' | 'UPDATE'): Promise<CannedReplyRow & CannedReplyView> {
    const [row]: CannedReplyRow[] = await manager.query(
      `SELECT * FROM ticket.canned_replies WHERE id = $1 FOR ${mode}`,
      [id],
    );
    if (!row) throw notFound(id);
    return { ...row, ...toView(row) };
  }
}
