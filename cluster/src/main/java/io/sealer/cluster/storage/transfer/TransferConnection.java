package io.sealer.cluster.storage.transfer;

import io.sealer.cluster.storage.ChannelInput;
import io.sealer.cluster.storage.DownloadInput;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/** One connection to a transfer port: the request goes out, then the response's head and body come in. */
interface TransferConnection extends AutoCloseable {
    void send(byte[] request) throws IOException;

    /** The response head, up to the blank line. */
    String head(int limit) throws IOException;

    /** The response body, after {@link #head}. */
    DownloadInput body();

    @Override
    void close() throws IOException;

    /** Over a Java socket channel, read through a direct buffer (any system). */
    static TransferConnection java(InetSocketAddress address, Duration connectLimit, Duration idle) throws IOException {
        TimedSocket socket = TimedSocket.connect(address, connectLimit, idle);
        ChannelInput in = new ChannelInput(socket);
        return new TransferConnection() {
            @Override
            public void send(byte[] request) throws IOException {
                socket.writeFully(ByteBuffer.wrap(request));
            }

            @Override
            public String head(int limit) throws IOException {
                return in.head(limit);
            }

            @Override
            public DownloadInput body() {
                return in;
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        };
    }
}
