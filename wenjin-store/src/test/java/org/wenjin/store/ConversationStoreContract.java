package org.wenjin.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every database behind the store must do. Subclasses say how to open a fresh, empty database and how
 * to open it again.
 */
abstract class ConversationStoreContract {
    protected ConversationStore store;

    /** Opens the store on a database this test has to itself, empty at the start of the test. */
    protected abstract ConversationStore openEmpty();

    /** Opens the same database again, as a restarted server would. */
    protected abstract ConversationStore reopen();

    @BeforeEach
    void open() {
        store = openEmpty();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void reopeningAnUpToDateDatabaseKeepsItsData() {
        Conversation conversation = store.createConversation("Rivers");
        StoredMessage question = store.appendMessage(conversation.id(), NewMessage.user("How long is the Yangtze?"));
        store.close();

        store = reopen();
        assertThat(store.conversations()).containsExactly(conversation.withUpdatedAt(question.createdAt()));
        assertThat(store.messages(conversation.id())).containsExactly(question);
    }

    @Test
    void createsReadsAndListsConversationsMostRecentlyUpdatedFirst() {
        Conversation first = store.createConversation("  First  ");
        Conversation second = store.createConversation("Second");
        assertThat(first.title()).isEqualTo("First");
        assertThat(store.conversation(first.id())).contains(first);
        assertThat(store.conversations()).extracting(Conversation::id).containsExactly(second.id(), first.id());

        store.appendMessage(first.id(), NewMessage.user("hello"));
        assertThat(store.conversations()).extracting(Conversation::id).containsExactly(first.id(), second.id());
        assertThat(store.conversation("no-such-id")).isEmpty();
    }

    @Test
    void renamesAConversation() {
        Conversation conversation = store.createConversation("");
        Conversation renamed = store.renameConversation(conversation.id(), "长江 and the Yellow River").orElseThrow();
        assertThat(renamed.title()).isEqualTo("长江 and the Yellow River");
        assertThat(renamed.updatedAt()).isAfter(conversation.updatedAt());
        assertThat(store.conversation(conversation.id())).contains(renamed);
        assertThat(store.renameConversation("no-such-id", "x")).isEmpty();
    }

    @Test
    void rejectsATitleThatIsTooLong() {
        assertThatThrownBy(() -> store.createConversation("x".repeat(501)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("501 characters");
    }

    @Test
    void deletingAConversationDeletesItsMessagesFeedbackAndTraces() {
        Conversation kept = store.createConversation("kept");
        Conversation doomed = store.createConversation("doomed");
        StoredMessage keptAnswer = store.appendMessage(kept.id(),
                NewMessage.assistant("kept answer", "extractive", "m", "trace-kept", "[]"), "{\"id\":\"trace-kept\"}");
        StoredMessage doomedAnswer = store.appendMessage(doomed.id(),
                NewMessage.assistant("doomed answer", "extractive", "m", "trace-doomed", "[]"), "{\"id\":\"trace-doomed\"}");
        store.saveFeedback(new NewFeedback(doomedAnswer.id(), Rating.DOWN, null, null, null, null));
        store.saveFeedback(new NewFeedback(keptAnswer.id(), Rating.UP, null, null, null, null));

        assertThat(store.deleteConversation(doomed.id())).isTrue();

        assertThat(store.conversation(doomed.id())).isEmpty();
        assertThat(store.messages(doomed.id())).isEmpty();
        assertThat(store.message(doomedAnswer.id())).isEmpty();
        assertThat(store.feedback(doomedAnswer.id())).isEmpty();
        assertThat(store.trace("trace-doomed")).isEmpty();
        assertThat(store.messages(kept.id())).containsExactly(keptAnswer);
        assertThat(store.feedback(keptAnswer.id())).hasSize(1);
        assertThat(store.trace("trace-kept")).isPresent();
        assertThat(store.deleteConversation(doomed.id())).isFalse();
    }

    @Test
    void appendsAndListsMessagesInTheOrderTheyWereWritten() {
        Conversation conversation = store.createConversation("order");
        List<StoredMessage> written = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            written.add(store.appendMessage(conversation.id(), NewMessage.user("message " + i)));
        }
        assertThat(store.messages(conversation.id())).containsExactlyElementsOf(written);
        assertThat(store.message(written.get(7).id())).contains(written.get(7));
    }

    @Test
    void keepsEveryFieldOfAnAnswer() {
        Conversation conversation = store.createConversation("fields");
        String citations = "[{\"number\":1,\"kind\":\"passage\",\"text\":\"黄河全长约5464公里\"}]";
        StoredMessage answer = store.appendMessage(conversation.id(),
                NewMessage.assistant("约5464公里 [1]", "generative", "qwen2.5-0.5b", "t-1", citations), "{\"prompt\":\"p\"}");

        StoredMessage read = store.message(answer.id()).orElseThrow();
        assertThat(read).isEqualTo(answer);
        assertThat(read.role()).isEqualTo("assistant");
        assertThat(read.mode()).isEqualTo("generative");
        assertThat(read.model()).isEqualTo("qwen2.5-0.5b");
        assertThat(read.traceId()).isEqualTo("t-1");
        assertThat(read.citationsJson()).isEqualTo(citations);
        assertThat(store.trace("t-1")).contains("{\"prompt\":\"p\"}");
    }

    @Test
    void appendingToAMissingConversationFailsAndWritesNothing() {
        assertThatThrownBy(() -> store.appendMessage("nope", NewMessage.user("lost?")))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no conversation with id 'nope'");
        assertThatThrownBy(() -> store.appendMessage("nope",
                NewMessage.assistant("a", "extractive", "m", "t-orphan", null), "{}"))
                .isInstanceOf(NoSuchElementException.class);
        assertThat(store.trace("t-orphan")).as("the trace is rolled back with the message").isEmpty();
    }

    @Test
    void rejectsMalformedJsonNamingWhereItBreaks() {
        Conversation conversation = store.createConversation("json");
        assertThatThrownBy(() -> store.saveTrace("t", "{\"a\":\n  oops}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trace is not valid JSON at line 2, column");
        assertThatThrownBy(() -> store.appendMessage(conversation.id(),
                NewMessage.assistant("a", "extractive", "m", null, "[1,")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("citations is not valid JSON");
        assertThat(store.messages(conversation.id())).isEmpty();
    }

    @Test
    void rejectsAnUnknownRole() {
        assertThatThrownBy(() -> new NewMessage("robot", "hi", null, null, null, null))
                .hasMessageContaining("unknown role 'robot'");
    }

    @Test
    void savesAndReplacesTraces() {
        store.saveTrace("t-9", "{\"question\":\"first\"}");
        assertThat(store.trace("t-9")).contains("{\"question\":\"first\"}");
        store.saveTrace("t-9", "{\"question\":\"second\"}");
        assertThat(store.trace("t-9")).contains("{\"question\":\"second\"}");
        assertThat(store.trace("t-missing")).isEmpty();
    }

    @Test
    void savesAndListsFeedback() {
        Conversation conversation = store.createConversation("feedback");
        StoredMessage answer = store.appendMessage(conversation.id(),
                NewMessage.assistant("Paris", "generative", "m-1", "t-2", "[]"), "{}");
        Feedback up = store.saveFeedback(new NewFeedback(answer.id(), Rating.UP, "good", null, "PROMPT", "m-1"));
        Feedback better = store.saveFeedback(new NewFeedback(answer.id(), null, null,
                "Paris, the capital of France.", "PROMPT", "m-1"));

        assertThat(up.rating()).isEqualTo(Rating.UP);
        assertThat(better.rating()).isNull();
        assertThat(store.feedback(answer.id())).containsExactly(up, better);
        assertThat(store.allFeedback()).containsExactly(up, better);
    }

    @Test
    void feedbackNeedsAnExistingMessageAndSomeContent() {
        assertThatThrownBy(() -> store.saveFeedback(new NewFeedback("ghost", Rating.UP, null, null, null, null)))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no message with id 'ghost'");
        assertThatThrownBy(() -> new NewFeedback("m", null, " ", null, null, null))
                .hasMessageContaining("needs a rating, a comment or a better answer");
        assertThat(Rating.fromWireName("down")).isEqualTo(Rating.DOWN);
        assertThatThrownBy(() -> Rating.fromWireName("meh")).hasMessageContaining("unknown rating 'meh'");
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        Conversation conversation = store.createConversation("busy");
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int writer = t;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 25; i++) {
                    store.appendMessage(conversation.id(), NewMessage.user(writer + ":" + i));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(store.messages(conversation.id())).hasSize(100);
    }

    @Test
    void refusesAnUnsupportedDatabaseUrl() {
        assertThatThrownBy(() -> ConversationStore.open("jdbc:mysql://localhost/wenjin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported database URL");
    }

    @Test
    void memoriesAreKeptPerUserWithTheirSourceAndCanBeEditedAndDeleted() {
        Conversation conversation = store.createConversation("Work");
        StoredMessage said = store.appendMessage(conversation.id(), NewMessage.user("我在县医院儿科工作"));
        MemoryBook memories = store.memories();

        Memory job = memories.add("alice", "fact", "在县医院儿科工作", said.id());
        Memory language = memories.add("alice", "preference", "answer in English", null);
        memories.add("bob", "fact", "teaches physics", null);

        assertThat(memories.list("alice")).extracting(Memory::text).containsExactly("answer in English", "在县医院儿科工作");
        assertThat(job.sourceMessageId()).isEqualTo(said.id());

        assertThat(memories.edit("alice", job.id(), "在县医院儿科当护士")).map(Memory::text).contains("在县医院儿科当护士");
        assertThat(memories.edit("bob", job.id(), "stolen")).as("a user edits only their own memories").isEmpty();
        assertThat(memories.delete("alice", language.id())).isTrue();
        assertThat(memories.delete("alice", language.id())).isFalse();
        store.close();

        store = reopen();
        assertThat(store.memories().list("alice")).extracting(Memory::text).containsExactly("在县医院儿科当护士");
        assertThat(store.memories().list("bob")).hasSize(1);
    }

    @Test
    void aMemoryNeedsTextAndAKnownKind() {
        assertThatThrownBy(() -> store.memories().add("alice", "fact", "  ", null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> store.memories().add("alice", "secret", "x", null)).hasMessageContaining("'secret'");
    }
}
