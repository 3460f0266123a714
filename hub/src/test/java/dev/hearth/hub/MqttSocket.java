package dev.hearth.hub;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * MQTT 5 written byte by byte on a plain socket, for what no well-behaved client sends: topics
 * that are not UTF-8, client ids too long for their length prefix, a connection that stops
 * reading, or one that vanishes without DISCONNECT so that the broker fires its last will.
 */
final class MqttSocket implements AutoCloseable {
    static final int CONNACK_SUCCESS = 0;

    private final Socket socket;
    private final DataInputStream in;
    private int packetId;

    private MqttSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** A TCP connection to the broker; nothing sent yet. */
    static MqttSocket open(int port) throws IOException {
        return open(port, 0);
    }

    /** ... with a receive buffer of that size (0: the system's), fixed before connecting so that it holds. */
    private static MqttSocket open(int port, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        return new MqttSocket(socket);
    }

    /** Opens and logs in with a clean session, a last will "offline" on the device's status topic, and waits for CONNACK. */
    static MqttSocket connect(int port, String clientId, String deviceId, String password) throws IOException {
        return connect(port, clientId, deviceId, password, 0);
    }

    /** ... with a small receive buffer: a device that then stops reading fills it fast. */
    static MqttSocket connect(int port, String clientId, String deviceId, String password, int receiveBufferBytes)
            throws IOException {
        MqttSocket mqtt = open(port, receiveBufferBytes);
        mqtt.sendConnect(utf8(clientId), deviceId, password);
        int reason = mqtt.readConnack();
        if (reason != CONNACK_SUCCESS) {
            mqtt.close();
            throw new IOException("CONNACK reason " + reason);
        }
        return mqtt;
    }

    /** CONNECT with the client id bytes as given, after a length prefix of their length modulo 65536. */
    void sendConnect(byte[] clientId, String deviceId, String password) throws IOException {
        Packet connect = new Packet()
                .string(utf8("MQTT")).bytes(5)             // protocol name and level
                .bytes(0b1100_0110)                          // user name, password, will (QoS 0), clean start
                .twoBytes(30)                                 // keep alive 30 s
                .bytes(0)                                    // no properties
                .string(clientId)
                .bytes(0)                                    // no will properties
                .string(utf8("devices/" + deviceId + "/status"))
                .string(utf8("offline"))
                .string(utf8(deviceId))
                .string(utf8(password));
        write(0x10, connect);
    }

    /** The CONNACK's reason code; -1 when the broker closed the connection instead. */
    int readConnack() throws IOException {
        try {
            byte[] packet = readPacket(0x20);
            return packet[1] & 0xFF;
        } catch (EOFException closed) {
            return -1;
        }
    }

    void subscribe(String filter, int qos) throws IOException {
        write(0x82, new Packet().twoBytes(nextPacketId()).bytes(0).string(utf8(filter)).bytes(qos));
        readPacket(0x90);
    }

    /** A QoS 0 PUBLISH with the topic bytes exactly as given. */
    void publish(byte[] topic, byte[] payload) throws IOException {
        write(0x30, new Packet().string(topic).bytes(0).raw(payload));
    }

    /** A QoS 1 PUBLISH, waiting for its PUBACK: the reason code (0 accepted, 151 quota exceeded, ...). */
    int publishAcked(String topic, byte[] payload) throws IOException {
        write(0x32, new Packet().string(utf8(topic)).twoBytes(nextPacketId()).bytes(0).raw(payload));
        byte[] puback = readPacket(0x40);
        return puback.length > 2 ? puback[2] & 0xFF : 0;
    }

    /** A clean goodbye: DISCONNECT (normal), so no will. */
    void disconnect() throws IOException {
        write(0xE0, new Packet());
        socket.close();
    }

    /** Gone without DISCONNECT, as a device losing power: the broker publishes the will. */
    void vanish() throws IOException {
        socket.setSoLinger(true, 0); // RST, not FIN: not even a clean TCP close
        socket.close();
    }

    /** Waits until the broker closes the connection (reading and dropping whatever it sends meanwhile). */
    boolean closedByBrokerWithin(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        byte[] sink = new byte[8192];
        while (System.nanoTime() < deadline) {
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                // keep waiting
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** 1 to 65535: 0 is not a packet id. */
    private int nextPacketId() {
        packetId = packetId % 65_535 + 1;
        return packetId;
    }

    private void write(int header, Packet body) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(header);
        int length = body.size();
        do { // variable byte integer
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        body.writeTo(packet);
        socket.getOutputStream().write(packet.toByteArray());
        socket.getOutputStream().flush();
    }

    private byte[] readPacket(int expectedType) throws IOException {
        int header = in.readUnsignedByte();
        int length = 0;
        for (int shift = 0, digit = 0x80; (digit & 0x80) != 0; shift += 7) {
            digit = in.readUnsignedByte();
            length |= (digit & 0x7F) << shift;
        }
        byte[] body = new byte[length];
        in.readFully(body);
        if ((header & 0xF0) != expectedType) {
            throw new IOException("expected packet type 0x" + Integer.toHexString(expectedType) + ", got 0x" + Integer.toHexString(header));
        }
        return body;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes after the fixed header. */
    private static final class Packet extends ByteArrayOutputStream {
        Packet bytes(int... values) {
            for (int value : values) {
                write(value);
            }
            return this;
        }

        Packet twoBytes(int value) {
            return bytes(value >> 8 & 0xFF, value & 0xFF);
        }

        /** A length-prefixed MQTT string or binary; the prefix wraps past 65535, on purpose. */
        Packet string(byte[] value) {
            return twoBytes(value.length).raw(value);
        }

        Packet raw(byte[] value) {
            write(value, 0, value.length);
            return this;
        }
    }
}
