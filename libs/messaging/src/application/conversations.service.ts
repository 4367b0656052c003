import { Injectable } from '@nestjs/common';
import { Clock, newId, UnitOfWork, type AuthUser, type Page } from '@etutors/platform';
import { mayOpenConversation, type ConversationView } from '../domain/conversation.js';
import { ConversationContactsRepository } from '../infrastructure/conversation-contacts.repository.js';
import { ConversationRepository } from '../infrastructure/conversation.repository.js';
import { ConversationNotAllowedError, ConversationWithSelfError } from '../messaging.errors.js';

/** Opening and listing a user's conversations. */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly conversations: ConversationRepository,
    private readonly contacts: ConversationContactsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * The caller's conversation with `participantId`: the existing one, or a new one when the
   * caller may open it (a student with an approved tutor, a tutor with a student they have a
   * booking with).
   */
  async open(
    caller: AuthUser,
    participantId: string,
  ): Promise<{ conversation: ConversationView; created: boolean }> {
    if (participantId === caller.id) throw new ConversationWithSelfError();
    return this.unitOfWork.run(async (tx) => {
      let id = await this.conversations.findBetween(tx, caller.id, participantId);
      let created = false;
      if (!id) {
        const facts = await this.contacts.factsFor(tx, caller.id, participantId);
        const allowed = mayOpenConversation({
          callerIsStudent: caller.roles.includes('student'),
          callerIsTutor: caller.roles.includes('tutor'),
          ...facts,
        });
        if (!allowed) throw new ConversationNotAllowedError();
        ({ id, created } = await this.conversations.openBetween(
          tx,
          caller.id,
          participantId,
          newId(),
          this.clock.now(),
        ));
      }
      const conversation = await this.conversations.viewFor(tx, id, caller.id);
      return { conversation: conversation!, created };
    });
  }

  list(viewer: AuthUser, page: { page: number; limit: number }): Promise<Page<ConversationView>> {
    return this.conversations.pageFor(viewer.id, page);
  }
}
