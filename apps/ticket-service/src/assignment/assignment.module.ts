import { Module } from '@nestjs/common';
import { AgentRoster } from './agent-roster';
import { AgentRosterMessageController } from './agent-roster.message.controller';
import { AutoAssignment } from './auto-assignment';

/** Who gets a new ticket when nobody takes it: the agent roster and round-robin. */
@Module({
  controllers: [AgentRosterMessageController],
  providers: [AgentRoster, AutoAssignment],
  exports: [AutoAssignment],
})
export class AssignmentModule {}
