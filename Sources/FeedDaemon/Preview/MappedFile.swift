import Foundation

/// A file read by mapping it with its pages populated up front.
///
/// `feedd parse` reads a large feed once, front to back. Mapped without populating, each 4 KiB
/// page cost the parse a page fault as it got there (4,900 for a 20 MB feed); `MAP_POPULATE` maps
/// them all in one call, from the page cache, with no copy.
public enum MappedFile {
    /// Why a file could not be read, worded for a one-line error.
    public struct ReadError: Error, CustomStringConvertible {
        public let code: Int32

        public var description: String {
            switch code {
            case ENOENT: "no such file"
            case EACCES: "permission denied"
            case EISDIR: "is a directory"
            default: String(cString: strerror(code))
            }
        }
    }

    /// The file's bytes; an empty file is an empty `Data` (a zero-length mapping is an error), and
    /// a pipe or a device is read as a stream.
    public static func read(_ path: String) throws -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadError(code: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ReadError(code: errno) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw ReadError(code: EISDIR)
        default: return try FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).readToEnd() ?? Data()
        }
        let size = Int(status.st_size)
        guard size > 0 else { return Data() }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0),
              address != MAP_FAILED else {
            throw ReadError(code: errno)
        }
        return Data(bytesNoCopy: address, count: size, deallocator: .custom { pointer, count in
            munmap(pointer, count)
        })
    }
}
