package org.wenjin.model.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDownloaderTest {
    @TempDir
    Path modelsDir;

    private FakeHub hub;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private LocalModels models;
    private ModelDownloader downloader;

    @BeforeEach
    void startHub() throws IOException {
        byte[] content = new byte[3_000_000];
        new Random(7).nextBytes(content);
        hub = new FakeHub(content);
        models = new LocalModels(modelsDir);
        downloader = new ModelDownloader(http, models);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private RemoteFile describeOnHuggingFace() throws Exception {
        return new HuggingFace(hub.endpoint(), http).describe(FakeHub.REPO, FakeHub.FILE);
    }

    @Test
    void downloadsVerifiesAndMovesTheFileIntoTheModelsDirectory() throws Exception {
        List<Long> reported = new ArrayList<>();

        Path path = downloader.download(describeOnHuggingFace(), (done, total, rate) -> reported.add(done));

        assertThat(path).isEqualTo(modelsDir.resolve(FakeHub.REPO).resolve(FakeHub.FILE));
        assertThat(Files.readAllBytes(path)).isEqualTo(hub.content);
        assertThat(reported).isNotEmpty().last().isEqualTo((long) hub.content.length);
        assertThat(models.list()).singleElement().satisfies(model -> {
            assertThat(model.repository()).isEqualTo(FakeHub.REPO);
            assertThat(model.size()).isEqualTo(hub.content.length);
        });
        assertThat(models.resolve("qwen2.5:0.5b")).contains(path);
    }

    @Test
    void aTransferCutInTheMiddleResumesWithARangeRequest() throws Exception {
        hub.cutAfterBytes = 1_000_000;
        RemoteFile file = describeOnHuggingFace();

        assertThatThrownBy(() -> downloader.download(file, DownloadProgress.NONE)).isInstanceOf(IOException.class);
        Path partial = modelsDir.resolve(FakeHub.REPO).resolve(FakeHub.FILE + ".partial");
        // How much of what the server sent arrives before the dropped connection is the network's business.
        assertThat(Files.size(partial)).isPositive().isLessThanOrEqualTo(1_000_000);
        assertThat(models.list()).isEmpty();

        hub.cutAfterBytes = -1;
        Path path = downloader.download(file, DownloadProgress.NONE);

        assertThat(hub.rangeRequests.get()).isEqualTo(1);
        assertThat(Files.readAllBytes(path)).isEqualTo(hub.content);
        assertThat(partial).doesNotExist();
    }

    @Test
    void aServerThatIgnoresTheRangeStillYieldsTheRightFile() throws Exception {
        hub.cutAfterBytes = 500_000;
        RemoteFile file = describeOnHuggingFace();
        assertThatThrownBy(() -> downloader.download(file, DownloadProgress.NONE)).isInstanceOf(IOException.class);

        hub.cutAfterBytes = -1;
        hub.ignoreRanges = true;
        Path path = downloader.download(file, DownloadProgress.NONE);

        assertThat(Files.readAllBytes(path)).isEqualTo(hub.content);
    }

    @Test
    void aWrongChecksumRemovesTheDownloadAndSaysSo() throws Exception {
        hub.wrongChecksum = true;
        RemoteFile file = describeOnHuggingFace();

        assertThatThrownBy(() -> downloader.download(file, DownloadProgress.NONE))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("SHA-256");
        assertThat(models.list()).isEmpty();
        assertThat(modelsDir.resolve(FakeHub.REPO).resolve(FakeHub.FILE + ".partial")).doesNotExist();
    }

    @Test
    void anUnknownFileOrRepositoryIsNotFound() {
        assertThatThrownBy(() -> new HuggingFace(hub.endpoint(), http).describe(FakeHub.REPO, "missing.gguf"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("missing.gguf");
        assertThatThrownBy(() -> new HuggingFace(hub.endpoint(), http).describe("nobody/nothing", "x.gguf"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("nobody/nothing");
    }

    @Test
    void modelScopeDescribesTheSameFileWithItsOwnApi() throws Exception {
        RemoteFile file = new ModelScope(hub.endpoint(), http).describe(FakeHub.REPO, FakeHub.FILE);

        Path path = downloader.download(file, DownloadProgress.NONE);

        assertThat(file.sha256()).isEqualTo(hub.sha256());
        assertThat(Files.readAllBytes(path)).isEqualTo(hub.content);
    }

    @Test
    void anAlreadyCompleteFileIsNotFetchedAgain() throws Exception {
        RemoteFile file = describeOnHuggingFace();
        downloader.download(file, DownloadProgress.NONE);

        downloader.download(file, DownloadProgress.NONE);

        assertThat(hub.downloads.get()).isEqualTo(1);
    }
}
