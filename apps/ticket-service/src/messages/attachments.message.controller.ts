import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AttachmentChunk,
  FileChunk,
  MessageView,
  PutFileChunkSchema,
  PutFileChunkCommand,
  ReadAttachmentChunkSchema,
  ReadAttachmentChunkQuery,
  ReadFileChunkSchema,
  ReadFileChunkQuery,
  ReplyWithFileSchema,
  ReplyWithFileCommand,
  SettleInboundAttachmentSchema,
  SettleInboundAttachmentCommand,
  TicketRpc,
} from '@app/contracts';
import { BinaryReply, ContractPipe, MessageController } from '@app/messaging';
import { FileStore } from '../files/file-store';
import { AttachmentReader } from './attachment-reader';
import { FileReplies } from './file-replies';
import { InboundAttachments } from './inbound-attachments';

/** Files on messages: bytes in and out of the file store a chunk per call, a client's file settled, a file sent. */
@MessageController()
export class AttachmentsMessageController {
  constructor(
    private readonly files: FileStore,
    private readonly inbound: InboundAttachments,
    private readonly reader: AttachmentReader,
    private readonly replies: FileReplies,
  ) {}

  @MessagePattern(TicketRpc.PutFileChunk)
  async putChunk(
    @Payload(new ContractPipe(PutFileChunkSchema)) request: PutFileChunkCommand,
  ): Promise<{ stored: true }> {
    await this.files.putChunk(request);
    return { stored: true };
  }

  @MessagePattern(TicketRpc.SettleInboundAttachment)
  settle(
    @Payload(new ContractPipe(SettleInboundAttachmentSchema)) request: SettleInboundAttachmentCommand,
  ): Promise<{ messageId: number }> {
    return this.inbound.settle(request);
  }

  @MessagePattern(TicketRpc.ReadAttachmentChunk)
  readAttachmentChunk(
    @Payload(new ContractPipe(ReadAttachmentChunkSchema)) request: ReadAttachmentChunkQuery,
  ): Promise<BinaryReply<AttachmentChunk>> {
    return this.reader.readChunk(request);
  }

  @MessagePattern(TicketRpc.ReadFileChunk)
  async readFileChunk(@Payload(new ContractPipe(ReadFileChunkSchema)) request: ReadFileChunkQuery): Promise<FileChunk> {
    const chunk = await this.files.readChunk(request.fileId, request.index);
    return { size: chunk.size, chunkCount: chunk.chunkCount, data: chunk.data.toString('base64') };
  }

  @MessagePattern(TicketRpc.ReplyWithFile)
  replyWithFile(@Payload(new ContractPipe(ReplyWithFileSchema)) request: ReplyWithFileCommand): Promise<MessageView> {
    return this.replies.reply(request);
  }
}
