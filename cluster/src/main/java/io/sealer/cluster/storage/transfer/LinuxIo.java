package io.sealer.cluster.storage.transfer;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The few Linux system calls a download needs to move bytes from a socket into a file inside
 * the kernel ({@code splice} through a pipe), bound from the C library with JNA. Absent (null)
 * on other systems or when the library cannot be bound; callers then use Java channels.
 */
final class LinuxIo {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_NONBLOCK = 04000;
    static final int SOCK_CLOEXEC = 02000000;
    static final int O_WRONLY = 01;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_CLOEXEC = 02000000;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EINVAL = 22;
    static final int EINPROGRESS = 115;
    static final int SOL_SOCKET = 1;
    static final int SO_ERROR = 4;
    static final int MSG_NOSIGNAL = 0x4000;
    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final int F_SETPIPE_SZ = 1031;
    static final int SPLICE_F_MOVE = 1;
    static final int SPLICE_F_NONBLOCK = 2;

    /** {@code struct pollfd}. */
    @Structure.FieldOrder({"fd", "events", "revents"})
    public static final class PollFd extends Structure {
        public int fd;
        public short events;
        public short revents;
    }

    /** The C library's calls, as declared in their man pages (sizes as 64-bit Linux has them). */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol);

        int connect(int fd, byte[] address, int length);

        int getsockopt(int fd, int level, int name, int[] value, int[] length);

        int poll(PollFd fds, long count, int timeoutMillis);

        long send(int fd, byte[] buf, long length, int flags);

        long recv(int fd, byte[] buf, long length, int flags);

        int pipe(int[] fds);

        int fcntl(int fd, int command, int argument);

        long splice(int in, Pointer inOffset, int out, Pointer outOffset, long length, int flags);

        long write(int fd, byte[] buf, long length);

        int open(String path, int flags, int mode);

        int fdatasync(int fd);

        int close(int fd);

        String strerror(int errno);
    }

    private static final LibC C = bind();

    private LinuxIo() {}

    private static LibC bind() {
        if (!Platform.isLinux() || !Platform.is64Bit()) {
            return null;
        }
        try {
            return Native.load(Platform.C_LIBRARY_NAME, LibC.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    /** The bound library, or null where splice cannot be used. */
    static LibC libc() {
        return C;
    }

    /** The calling thread's errno of the last call, as text. */
    static String lastError() {
        int errno = Native.getLastError();
        return C == null ? "errno " + errno : C.strerror(errno);
    }
}
