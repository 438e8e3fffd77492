<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>qmt::at::Builders</name>
    <message>
        <location filename="../modem/at/builders.cpp" line="30" />
        <source>%1 %2 is out of range %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="32" />
        <source>%1 %2 is not one of %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="40" />
        <source>%1 must not be empty</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="42" />
        <source>%1 is %2 bytes long in UTF-8; the allowed length is %3 bytes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="45" />
        <source>%1 is %2 bytes long; the allowed length is %3 bytes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="52" />
        <source>%1 must not contain a double quote ("): the module has no way to escape it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="61" />
        <source>%1 must not contain a line break (CR or LF)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="136" />
        <source>%1 must not contain the wildcards + or #: one publishes to a topic name, not a filter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="156" />
        <source>%1: the wildcard # must be the whole last level, as in a/#</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="162" />
        <source>%1: the wildcard + must fill a whole level, as in a/+/b</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="180" />
        <source>%1 has no name after the prefix %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="379" />
        <source>SSL_enable %1 requires SSL_ctx_idx</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="424" />
        <source>will_fg %1 requires will_qos, will_retain, will_topic and will_msg</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="519" />
        <source>password is missing: the module takes username and password together or neither</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="524" />
        <source>username is missing: the module takes username and password together or neither</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="556" />
        <location filename="../modem/at/builders.cpp" line="579" />
        <source>at least one topic is required</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="595" />
        <source>msgid 0 is only allowed with qos 0; qos %1 needs a msgid of at least 1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="636" />
        <source>%1 must not contain Ctrl+Z (0x1A): it ends the data; use the form with a length</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="642" />
        <source>%1 must not contain ESC (0x1B): it cancels the input; use the form with a length</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="894" />
        <source>%1 has no test form</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>qmt::session::CommandResult</name>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="21" />
        <source>OK, result %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="21" />
        <source>OK</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="23" />
        <source>ERROR</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="25" />
        <location filename="../modem/session/commandchannel.cpp" line="26" />
        <source>+CME ERROR: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="28" />
        <source>no answer in time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="30" />
        <source>the port went away</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="32" />
        <source>aborted</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="34" />
        <source>the module restarted</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>qmt::spec</name>
    <message>
        <location filename="../modem/at/spec.cpp" line="21" />
        <source>The connection was closed or reset by the server</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="22" />
        <source>Reopen the network with AT+QMTOPEN.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="23" />
        <source>Sending PINGREQ timed out or failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="24" />
        <source>Deactivate and reactivate the PDP context (AT+QIDEACT, AT+QIACT), then reopen with AT+QMTOPEN.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="27" />
        <source>Sending CONNECT timed out or failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="28" />
        <location filename="../modem/at/spec.cpp" line="32" />
        <source>Check the user name and password and that the client ID is not in use, then reopen with AT+QMTOPEN and connect again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="31" />
        <source>Receiving CONNACK timed out or failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="36" />
        <source>The client sent DISCONNECT and the server closed the link (normal sequence)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="39" />
        <source>Sending packets kept failing, so the client disconnected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="40" />
        <source>Check the data; the network may be congested. Reopen with AT+QMTOPEN and connect again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="43" />
        <source>The link is not working or the server is unavailable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="44" />
        <source>Check that the link and the server are available.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="45" />
        <source>The client disconnected actively</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="46" />
        <source>Reconnect: AT+QMTOPEN, then AT+QMTCONN.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="51" />
        <source>Failed to open the network</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="52" />
        <source>Check the host, the port and the PDP context. A failed TLS handshake also shows as -1: check the SSL context (certificates, seclevel, SNI, time).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="55" />
        <source>Network opened</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="56" />
        <source>Wrong parameter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="57" />
        <source>Check the host name and the port.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="58" />
        <source>The client index is occupied</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="59" />
        <source>Close the slot with AT+QMTCLOSE first, or use another client index.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="60" />
        <source>Failed to activate the PDP context</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="61" />
        <source>Check the APN (AT+QICSGP) and activate the context named by "pdpcid" with AT+QIACT.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="64" />
        <source>Failed to resolve the domain name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="65" />
        <source>Check the host name and the DNS servers; try the IP address.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="66" />
        <source>The network was disconnected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="67" />
        <source>Check the network registration and the PDP context, then reopen.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="72" />
        <source>Failed to close or disconnect</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="73" />
        <source>Query the slot with AT+QMTOPEN? and AT+QMTCONN?, then retry.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="74" />
        <source>Closed or disconnected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="80" />
        <source>Packet sent and acknowledged by the server (QoS 0 needs no acknowledgement)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="83" />
        <source>Packet is being retransmitted</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="84" />
        <source>The server has not acknowledged yet; check the connection and wait.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="85" />
        <source>Failed to send the packet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="86" />
        <source>Check the connection (AT+QMTCONN?) and the "timeout" configuration, then reconnect.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="93" />
        <source>Connection accepted</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="94" />
        <source>Connection refused: unacceptable protocol version</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="95" />
        <source>Set the protocol version with AT+QMTCFG="version" (3 = MQTT 3.1, 4 = MQTT 3.1.1).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="97" />
        <source>Connection refused: identifier rejected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="98" />
        <source>Use a client ID the server accepts.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="99" />
        <source>Connection refused: server unavailable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="100" />
        <source>Check the server and retry later.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="101" />
        <source>Connection refused: bad user name or password</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="102" />
        <source>Check the user name and password (or the "aliauth" credentials).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="103" />
        <source>Connection refused: not authorized</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="104" />
        <source>Check the credentials, the certificates and the server's policy for this client ID.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="110" />
        <source>MQTT initializing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="111" />
        <source>MQTT connecting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="112" />
        <source>MQTT connected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="113" />
        <source>MQTT disconnecting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="118" />
        <source>Invalid input value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="119" />
        <source>Larger than the file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="120" />
        <source>Read zero bytes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="121" />
        <source>Drive full</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="122" />
        <location filename="../modem/at/spec.cpp" line="139" />
        <source>Delete files with AT+QFDEL; AT+QFLDS shows the free space.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="123" />
        <source>File not found</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="124" />
        <source>Check the name and its RAM:/UFS: prefix with AT+QFLST="*".</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="125" />
        <source>Invalid file name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="126" />
        <source>Use at most 80 bytes, optionally prefixed with RAM: or UFS:.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="127" />
        <source>File already exists</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="128" />
        <source>Delete it first with AT+QFDEL or choose another name.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="129" />
        <source>Failed to write the file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="130" />
        <source>Failed to open the file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="131" />
        <source>Failed to read the file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="132" />
        <source>Too many open files</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="133" />
        <source>Read-only file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="134" />
        <source>Invalid file descriptor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="135" />
        <source>Failed to list the files</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="136" />
        <source>Failed to delete the file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="137" />
        <source>Failed to get the disk information</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="138" />
        <source>No space</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="140" />
        <source>Time-out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="141" />
        <source>Send exactly the declared number of bytes before the timeout, or raise the timeout. The module keeps what it received: check +QFUPL and delete the partial file.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="144" />
        <source>File too large</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="145" />
        <source>Invalid parameter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="146" />
        <source>File already open</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="147" />
        <source>Close the file before using it again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="152" />
        <source>The keep-alive ping failed; the connection is closed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="153" />
        <source>Reopen with AT+QMTOPEN and connect again; check the network and the keep-alive time.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>qmt::state</name>
    <message>
        <location filename="../modem/state/slotstore.cpp" line="52" />
        <location filename="../modem/state/slotstore.cpp" line="53" />
        <source>+CME ERROR: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slotstore.cpp" line="55" />
        <source>The module answered ERROR</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slotstore.cpp" line="57" />
        <source>No answer within the command's response time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slotstore.cpp" line="62" />
        <source>Result code %1 (not in the specification)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>qmt::state::SlotTableModel</name>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="62" />
        <source>closed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="63" />
        <source>opening</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="64" />
        <source>open</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="65" />
        <source>failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="73" />
        <source>idle</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="74" />
        <source>connecting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="75" />
        <source>connected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="76" />
        <source>disconnecting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="77" />
        <source>disconnected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="96" />
        <source>context %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="96" />
        <source>off</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="133" />
        <source>Slot</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="134" />
        <source>Network</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="135" />
        <source>Host:port</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="136" />
        <source>MQTT</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="137" />
        <source>Client ID</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="138" />
        <source>SSL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="139" />
        <source>Subscriptions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="140" />
        <source>In flight</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="141" />
        <source>Stored</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="142" />
        <source>Published</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="143" />
        <source>Received</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="144" />
        <source>Last error</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>qmt::state::TrafficModel</name>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="134" />
        <source>command</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="135" />
        <source>echo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="136" />
        <source>prompt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="137" />
        <source>data</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="138" />
        <source>OK</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="139" />
        <source>ERROR</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="140" />
        <source>CME ERROR</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="141" />
        <source>CONNECT</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="142" />
        <source>response</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="143" />
        <source>URC</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="144" />
        <source>boot</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="145" />
        <source>text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="146" />
        <source>not AT</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="185" />
        <source>sent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="185" />
        <source>received</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="193" />
        <source> … (cut for display)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="212" />
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="213" />
        <source>Direction</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="214" />
        <source>Slot</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="215" />
        <source>Kind</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="216" />
        <source>Text</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>qmtscope-cli</name>
    <message>
        <location filename="../app/cli/main.cpp" line="18" />
        <source>Usage: qmtscope-cli decode [--compact] [--include-secrets] &lt;file | -&gt;
  Reads a transcript (raw bytes from a module, or a text log of commands and
  responses; - reads stdin), runs it through the QMT Scope pipeline and prints
  the final state of the six MQTT client slots as JSON.
  Exit status: 0 decoded, 1 usage error, 2 the file cannot be read.
</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="59" />
        <location filename="../app/cli/main.cpp" line="70" />
        <source>qmtscope-cli: cannot read %1: %2
</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="81" />
        <source>qmtscope-cli: cannot read %1
</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../app/cli/main.cpp" line="96" />
        <source>qmtscope-cli: %n line(s) were not AT traffic (kept and counted)
</source>
        <translation>
            <numerusform>qmtscope-cli: %n line was not AT traffic (kept and counted)
</numerusform><numerusform>qmtscope-cli: %n lines were not AT traffic (kept and counted)
</numerusform></translation>
    </message>
</context>
</TS>