import { NestExpressApplication } from '@nestjs/platform-express';
import { ErrorCode, Events } from '@app/contracts';
import { EventTap, eventually } from '@app/testing';
import { Desk, clientWrites, startDesk } from './desk-harness';
import { Hired, Session } from './gateway-harness';
import { walk } from './list-walk';

describe('api-gateway: canned replies and search, through the real ticket-service', () => {
  let desk: Desk;
  let app: NestExpressApplication;
  let admin: Session;
  let agent: Hired;
  let botEvents: EventTap;

  beforeAll(async () => {
    desk = await startDesk();
    ({ app, admin, agent, botEvents } = desk);
  });

  afterAll(async () => {
    await desk?.close();
  });

  const texts = {
    ru: 'Здравствуйте, {{client.firstName}}! Обращение #{{ticket.id}} у меня. {{employee.name}}',
    en: 'Hello {{client.firstName}}, ticket #{{ticket.id}} is with me. {{employee.name}}',
  };

  describe('/canned-replies', () => {
    it('admins create, change and delete them; agents read them and get 403 on writes', async () => {
      const created = await admin.post('/canned-replies', { title: '  Taking it ', texts }).expect(201);
      expect(created.body).toEqual({
        id: expect.any(Number),
        title: 'Taking it',
        texts,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const id = created.body.id as number;

      const listed = await agent.session.get('/canned-replies').expect(200);
      expect(listed.body).toContainEqual(created.body);

      expect((await agent.session.post('/canned-replies', { title: 'x', texts }).expect(403)).body.code).toBe(
        ErrorCode.Forbidden,
      );
      expect((await agent.session.patch(`/canned-replies/${id}`, { title: 'x' }).expect(403)).body.code).toBe(
        ErrorCode.Forbidden,
      );
      expect((await agent.session.delete(`/canned-replies/${id}`).expect(403)).body.code).toBe(ErrorCode.Forbidden);

      const renamed = await admin
        .patch(`/canned-replies/${id}`, { title: 'Taking it now', texts: { en: null } })
        .expect(200);
      expect(renamed.body).toMatchObject({ id, title: 'Taking it now', texts: { ru: texts.ru, en: null } });
      expect((await admin.patch(`/canned-replies/${id}`, { texts: { ru: null } }).expect(400)).body.code).toBe(
        ErrorCode.ValidationFailed,
      );

      await admin.delete(`/canned-replies/${id}`).expect(204);
      expect((await admin.delete(`/canned-replies/${id}`).expect(404)).body.code).toBe(ErrorCode.CannedReplyNotFound);
      expect((await admin.patch(`/canned-replies/${id}`, { title: 'y' }).expect(404)).body.code).toBe(
        ErrorCode.CannedReplyNotFound,
      );
      expect(
        (await agent.session.get('/canned-replies').expect(200)).body.map((reply: { id: number }) => reply.id),
      ).not.toContain(id);
    });

    it('refuses bad input with 400', async () => {
      const bodies = [
        {},
        { title: 'x' },
        { title: 'x', texts: {} },
        { title: 'x', texts: { ru: '  ' } },
        { title: '', texts: { ru: 'a' } },
        { title: 'x', texts: { de: 'Hallo' } },
        { title: 'x', texts: { ru: 'a'.repeat(4001) } },
      ];
      for (const body of bodies) {
        const response = await admin.post('/canned-replies', body);
        expect({ body, status: response.status, code: response.body.code }).toEqual({
          body,
          status: 400,
          code: ErrorCode.ValidationFailed,
        });
      }
    });
  });

  describe('POST /tickets/{id}/messages {cannedReplyId}', () => {
    it('sends it in the client’s language with the placeholders filled, and delivers it like any reply', async () => {
      const { id } = (await admin.post('/canned-replies', { title: 'Taking it', texts }).expect(201)).body;
      const ru = await clientWrites(app, desk.newTelegramId(), 'Помогите', { firstName: 'Иван', languageCode: 'ru' });
      const en = await clientWrites(app, desk.newTelegramId(), 'Help', { firstName: 'Olga', languageCode: 'en-GB' });
      const nameless = await clientWrites(app, desk.newTelegramId(), 'Help', { firstName: null, languageCode: 'en' });
      const agentName = (await agent.session.get('/auth/me').expect(200)).body.name;

      const sent = await agent.session.post(`/tickets/${ru.ticketId}/messages`, { cannedReplyId: id }).expect(201);
      expect(sent.body).toMatchObject({ direction: 'outbound', employeeId: agent.id, deliveryStatus: 'pending' });
      expect(sent.body.text).toBe(`Здравствуйте, Иван! Обращение #${ru.ticketId} у меня. ${agentName}`);
      const toEnglish = await agent.session.post(`/tickets/${en.ticketId}/messages`, { cannedReplyId: id }).expect(201);
      expect(toEnglish.body.text).toBe(`Hello Olga, ticket #${en.ticketId} is with me. ${agentName}`);
      const toNameless = await agent.session
        .post(`/tickets/${nameless.ticketId}/messages`, { cannedReplyId: id })
        .expect(201);
      expect(toNameless.body.text).toBe(`Hello, ticket #${nameless.ticketId} is with me. ${agentName}`);

      const [outbound] = await botEvents.waitFor(Events.MessageOutbound, { ticketId: en.ticketId });
      expect(outbound.text).toBe(toEnglish.body.text);
      expect((await agent.session.get(`/tickets/${en.ticketId}`).expect(200)).body.awaitingReply).toBe(false);
    });

    it('refuses both text and cannedReplyId, neither, an unknown canned reply (404), and a closed ticket (409)', async () => {
      const { id } = (await admin.post('/canned-replies', { title: 'Bye', texts: { en: 'Bye' } }).expect(201)).body;
      const ticketId = await desk.newTicket();
      for (const body of [{ text: 'x', cannedReplyId: id }, {}, { cannedReplyId: 'one' }, { cannedReplyId: 0 }]) {
        const response = await agent.session.post(`/tickets/${ticketId}/messages`, body);
        expect({ body, status: response.status, code: response.body.code }).toEqual({
          body,
          status: 400,
          code: ErrorCode.ValidationFailed,
        });
      }
      const unknown = await agent.session.post(`/tickets/${ticketId}/messages`, { cannedReplyId: 987654 }).expect(404);
      expect(unknown.body.code).toBe(ErrorCode.CannedReplyNotFound);
      await admin.patch(`/tickets/${ticketId}/status`, { status: 'closed' }).expect(200);
      expect(
        (await agent.session.post(`/tickets/${ticketId}/messages`, { cannedReplyId: id }).expect(409)).body.code,
      ).toBe(ErrorCode.TicketClosed);
    });

    it('deleted while agents are sending it: each send goes out whole or is refused with 404, never half, and none after the delete', async () => {
      const { id } = (
        await admin
          .post('/canned-replies', { title: 'Race', texts: { ru: 'Обращение #{{ticket.id}} в работе' } })
          .expect(201)
      ).body;
      const tickets = await Promise.all(Array.from({ length: 8 }, () => desk.newTicket()));

      const sends = tickets.map((ticketId) =>
        agent.session.post(`/tickets/${ticketId}/messages`, { cannedReplyId: id }),
      );
      const deletion = admin.delete(`/canned-replies/${id}`);
      const [deleted, ...results] = await Promise.all([deletion, ...sends]);
      expect(deleted.status).toBe(204);

      for (const [index, result] of results.entries()) {
        const ticketId = tickets[index];
        expect([201, 404]).toContain(result.status);
        const outbound = (await admin.get(`/tickets/${ticketId}/messages`).expect(200)).body.items.filter(
          (message: { direction: string; kind: string }) => message.direction === 'outbound' && message.kind === 'text',
        );
        if (result.status === 201) {
          expect(result.body.text).toBe(`Обращение #${ticketId} в работе`);
          expect(outbound.map((message: { text: string }) => message.text)).toEqual([
            `Обращение #${ticketId} в работе`,
          ]);
        } else {
          expect(result.body.code).toBe(ErrorCode.CannedReplyNotFound);
          expect(outbound).toEqual([]);
        }
      }
      const after = await agent.session.post(`/tickets/${tickets[0]}/messages`, { cannedReplyId: id }).expect(404);
      expect(after.body.code).toBe(ErrorCode.CannedReplyNotFound);
    });
  });

  describe('GET /tickets?q=', () => {
    it('finds tickets by words of the conversation with Russian and English stemming, by client name, username and #id', async () => {
      const parcel = await clientWrites(app, desk.newTelegramId(), 'Мои заказы не пришли', {
        firstName: 'Пётр',
        username: 'petr_orders',
      });
      const printer = await clientWrites(app, desk.newTelegramId(), 'The printers on floor 3 are jammed', {
        firstName: 'Alice',
        languageCode: 'en',
      });
      await admin.post(`/tickets/${printer.ticketId}/messages`, { text: 'Замена картриджа назначена' }).expect(201);
      await admin.post(`/tickets/${parcel.ticketId}/notes`, { text: 'courier lost it' }).expect(201);

      const search = (q: string, extra = '') => walk(admin, `/tickets?q=${encodeURIComponent(q)}${extra}`);
      expect(await search('заказ')).toEqual([parcel.ticketId]);
      expect(await search('заказами')).toEqual([parcel.ticketId]);
      expect(await search('printer')).toEqual([printer.ticketId]);
      expect(await search('jamming printer')).toEqual([printer.ticketId]);
      expect(await search('картриджи')).toEqual([printer.ticketId]);
      expect(await search('courier')).toEqual([parcel.ticketId]);
      expect(await search('Alice')).toEqual([printer.ticketId]);
      expect(await search('petr_orders')).toEqual([parcel.ticketId]);
      expect(await search(`#${printer.ticketId}`)).toEqual([printer.ticketId]);
      // the client's words and the reply's together: every word in some message of the ticket
      expect(await search('jammed printer картридж')).toEqual([printer.ticketId]);
      expect(await search('printer заказ')).toEqual([]);
      expect(await search('nothing-like-this')).toEqual([]);
    });

    it('combines with every filter and sort, and pages by the cursor', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 5; i++)
        ids.push((await clientWrites(app, desk.newTelegramId(), `Refund request number ${i}`)).ticketId);
      await agent.session.patch(`/tickets/${ids[0]}/status`, { status: 'in_progress' }).expect(200);
      await admin.patch(`/tickets/${ids[1]}/priority`, { priority: 'urgent' }).expect(200);
      await admin.put(`/tickets/${ids[2]}/tags`, { tags: ['money'] }).expect(200);
      await admin.post(`/tickets/${ids[3]}/messages`, { text: 'Sent' }).expect(201);

      // by updatedAt, desc: the four touched since, latest first, then the untouched one
      expect(await walk(admin, '/tickets?q=refund&limit=2')).toEqual([ids[3], ids[2], ids[1], ids[0], ids[4]]);
      expect(await walk(admin, '/tickets?q=refund&sort=createdAt&order=asc&limit=2')).toEqual(ids);
      expect(await walk(admin, `/tickets?q=refund&status=in_progress&assigneeId=${agent.id}`)).toEqual([ids[0]]);
      expect(await walk(admin, '/tickets?q=refund&assigneeId=none&status=open&limit=1')).toEqual([
        ids[3],
        ids[2],
        ids[1],
        ids[4],
      ]);
      expect(await walk(admin, '/tickets?q=refund&priority=urgent')).toEqual([ids[1]]);
      expect(await walk(admin, '/tickets?q=refund&tag=money')).toEqual([ids[2]]);
      expect(await walk(admin, '/tickets?q=refund&awaitingReply=false')).toEqual([ids[3]]);
      expect((await walk(admin, '/tickets?q=refund&sort=priority&limit=1'))[0]).toBe(ids[1]);
      expect(await walk(admin, '/tickets?q=refund&awaitingReply=true&sort=waitingSince&limit=2')).toEqual([
        ids[0],
        ids[1],
        ids[2],
        ids[4],
      ]);
      const client = (await admin.get(`/tickets/${ids[4]}`).expect(200)).body.client.id;
      expect(await walk(admin, `/tickets?q=refund&clientId=${client}`)).toEqual([ids[4]]);

      // more distinct words than a search may hold (stop words do not count)
      const words = 'alpha bravo charlie delta echo foxtrot golf hotel india';
      expect((await admin.get(`/tickets?q=${encodeURIComponent(words)}`).expect(400)).body).toMatchObject({
        code: ErrorCode.ValidationFailed,
        message: expect.stringContaining('at most 8'),
      });
      expect(
        await walk(admin, `/tickets?q=${encodeURIComponent('the refund and the request for a number 0')}`),
      ).toEqual([ids[0]]);
      for (const q of ['', '   ', 'x'.repeat(201)]) {
        expect((await admin.get(`/tickets?q=${encodeURIComponent(q)}`).expect(400)).body.code).toBe(
          ErrorCode.ValidationFailed,
        );
      }
      // only stop words: nothing matches, and that is not an error
      expect(await walk(admin, '/tickets?q=%D0%B8')).toEqual([]);
    });

    it('racing new messages: every page is consistent, and each new message is found once it is stored', async () => {
      const writers = Array.from({ length: 6 }, (_, i) =>
        clientWrites(app, desk.newTelegramId(), `Turbine vibration alarm ${i}`).then((result) => result.ticketId),
      );
      const pagesWhileWriting: number[][] = [];
      const reading = (async () => {
        for (let i = 0; i < 5; i++) pagesWhileWriting.push(await walk(admin, '/tickets?q=turbine&limit=2'));
      })();
      const written = await Promise.all(writers);
      await reading;
      for (const ids of pagesWhileWriting) expect(written).toEqual(expect.arrayContaining(ids));

      const found = await eventually(async () => {
        const ids = await walk(admin, '/tickets?q=vibrations&limit=4');
        return ids.length === written.length && ids;
      });
      expect([...found].sort((a, b) => a - b)).toEqual([...written].sort((a, b) => a - b));
    });
  });
});
