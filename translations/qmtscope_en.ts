<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>SimProgram</name>
    <message>
        <location filename="../app/sim/main.cpp" line="104"/>
        <source>qmtscope-sim: stopped
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="143"/>
        <source>cannot create a pipe: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="165"/>
        <source>cannot start the private Mosquitto broker: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="169"/>
        <source>the private broker exited (code %1); MQTT connections will fail until qmtscope-sim is restarted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="175"/>
        <source>private Mosquitto broker on %1:%2 (pid %3, stopped on exit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="180"/>
        <source>MQTT goes to the broker at %1:%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="181"/>
        <source> (TLS slots to port %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="206"/>
        <source>module %1 on %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="208"/>
        <source> (link %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="209"/>
        <source>air time: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="211"/>
        <source>serial line: %1 baud</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="212"/>
        <source>fault commands on stdin%1; &quot;help&quot; lists them; Ctrl+C ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="213"/>
        <source> and on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="254"/>
        <source>cannot create the control FIFO %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="256"/>
        <source>a file that is not a FIFO is in the way</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="265"/>
        <source>cannot open the control FIFO %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="331"/>
        <source>%1: shutting down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="348"/>
        <source>%1: ok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="348"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="355"/>
        <source>
Fault commands, one per line on stdin or on the --control FIFO; the answer (&quot;ok&quot; or
what is wrong with the line) goes to stderr:
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="357"/>
        <source>  help                  this list
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="362"/>
        <source>
Examples:
  qmtscope-sim --link /tmp/ttyQMT
  picocom -b 115200 /tmp/ttyQMT        (type AT commands; Enter sends CR; C-a C-x quits)
  mosquitto_sub -h 127.0.0.1 -p &lt;port printed on stderr&gt; -t &apos;#&apos; -v
  qmtscope-sim --link /tmp/ttyQMT --control /tmp/qmt.ctl &amp;  echo &apos;drop 0&apos; &gt; /tmp/qmt.ctl
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="414"/>
        <source>A simulated Quectel LTE module (EC25 by default) on a pseudo-terminal. It answers AT commands as
the module would, and behind each of its six MQTT client slots is a real MQTT client talking to a
real broker. AT+QMTOPEN to localhost or an IP address connects there; any other host name (the
cloud&apos;s) is routed to the broker given with --broker, or to a private Mosquitto broker started on
a free loopback port and stopped on exit.

The first line on stdout is the device path alone (e.g. /dev/pts/5); messages go to stderr.
SIGINT, SIGTERM and SIGHUP end it cleanly (exit status 0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="424"/>
        <source>Show this help and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="429"/>
        <source>Keep a symlink to the device at &lt;path&gt; (replaced if it exists, removed on exit).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="431"/>
        <location filename="../app/sim/main.cpp" line="481"/>
        <source>path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="434"/>
        <source>Use the MQTT broker at &lt;host:port&gt; (port 1883 if omitted) instead of a private one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="436"/>
        <source>host:port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="439"/>
        <source>Slots with SSL enabled (AT+QMTCFG=&quot;ssl&quot;) connect to this TLS port of the --broker host (default: the broker&apos;s port).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="441"/>
        <location filename="../app/sim/main.cpp" line="445"/>
        <source>port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="443"/>
        <source>The private broker listens on 127.0.0.1:&lt;port&gt; instead of a free port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="447"/>
        <source>The model the module reports (ATI, AT+CGMM): EC25, EG25, BG95, BG96, EC800M, EG800K, EC200U and EG915U have profiles (a firmware revision of their own); other names are reported as given. BG95 and BG96 answer as their family does: AT+QMTPUBEX with the message in the line (not its length), AT+QCFG=&quot;iotopmode&quot;, eMTC. Default: EC25.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="453"/>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="455"/>
        <source>The firmware revision it reports (ATI, AT+GMR). Default: EC25EFAR06A06M4G.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="457"/>
        <source>text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="460"/>
        <source>Do not print RDY ... APP RDY at start (a module that has long been up).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="464"/>
        <source>Keep the files uploaded with AT+QFUPL in &lt;dir&gt; too, in ram/ and ufs/ (default: in the module&apos;s memory only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="466"/>
        <source>dir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="469"/>
        <source>Air time between the module and the broker: OK comes at once, each result URC (+QMTOPEN, +QMTCONN, +QMTSUB ...) and each received message after a delay like a cellular link&apos;s: cat1 (LTE Cat 1, the default), catm (Cat M1), nb (NB-IoT), &lt;rtt ms&gt;[/&lt;jitter ms&gt;], or 0 for instant answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="473"/>
        <source>air</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="476"/>
        <source>Also log what the slots&apos; MQTT clients do (debug messages) on stderr.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="479"/>
        <source>Also read fault commands from a FIFO created at &lt;path&gt; (removed on exit), for scripts: echo &apos;drop 0&apos; &gt; &lt;path&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="484"/>
        <source>Bytes cross the serial line at this many bits per second, both ways (ten bits a byte): a 1500-byte publish takes 130 ms at 115200. Default: as fast as the pseudo-terminal goes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="487"/>
        <source>baud</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="494"/>
        <source>Try &apos;qmtscope-sim --help&apos;.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="513"/>
        <source>unexpected argument %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="518"/>
        <source>--broker wants host:port, not %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="523"/>
        <source>--tls-port needs --broker (the private broker has no TLS listener)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="526"/>
        <source>--tls-port wants a port 1-65535, not %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="531"/>
        <source>--broker-port is for the private broker; it cannot go with --broker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="534"/>
        <source>--broker-port wants a port 1-65535, not %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="540"/>
        <source>--model wants a name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="554"/>
        <source>--latency: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/sim/main.cpp" line="561"/>
        <source>--baud-pace needs bits per second, 300-12000000</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="97"/>
        <source>QMT Scope: a diagnostic tool for the MQTT AT commands of Quectel modules.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="103"/>
        <source>Start the built-in simulated module and its MQTT broker, and connect to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="106"/>
        <source>Open this serial port at start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="107"/>
        <source>path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="110"/>
        <source>Baud rate for --port (default: the last one used, or 115200).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="111"/>
        <source>rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="114"/>
        <source>Interface language for this run: en, zh_CN or system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="115"/>
        <source>language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="118"/>
        <source>Play the AT commands of this file once the port is open (one per line; a &apos;&gt;&apos; line is the data of the command before it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="121"/>
        <location filename="../app/gui/main.cpp" line="135"/>
        <location filename="../app/gui/main.cpp" line="147"/>
        <source>file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="124"/>
        <source>Play the built-in walkthrough once the port is open: open slot 0, connect, subscribe, publish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="129"/>
        <source>The panel shown first: console, traffic, forms, sequences, diagnosis or peer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="150"/>
        <source>With --demo: once the port is open (and a script has run), the Peer panel connects to the demo&apos;s broker and runs the end-to-end check with this many messages per direction and QoS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="154"/>
        <source>count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="134"/>
        <source>Show this customer log (as File &gt; Import Log does).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="138"/>
        <source>Air time of the demo module&apos;s MQTT results and messages: cat1 (the default, like LTE Cat 1), catm, nb, &lt;rtt ms&gt;[/&lt;jitter ms&gt;], or 0 for instant answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="142"/>
        <source>air</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="145"/>
        <source>Load this sequence (.qmtseq) into the Sequences panel and show it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="131"/>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::at::Builders</name>
    <message>
        <location filename="../modem/at/builders.cpp" line="31"/>
        <location filename="../modem/at/linecheck.cpp" line="96"/>
        <source>%1 %2 is out of range %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="33"/>
        <location filename="../modem/at/linecheck.cpp" line="98"/>
        <source>%1 %2 is not one of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="41"/>
        <location filename="../modem/at/linecheck.cpp" line="73"/>
        <source>%1 must not be empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="43"/>
        <location filename="../modem/at/linecheck.cpp" line="75"/>
        <source>%1 is %2 bytes long in UTF-8; the allowed length is %3 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="46"/>
        <source>%1 is %2 bytes long; the allowed length is %3 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="53"/>
        <source>%1 must not contain a double quote (&quot;): the module has no way to escape it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="62"/>
        <source>%1 must not contain a line break (CR or LF)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="137"/>
        <source>%1 must not contain the wildcards + or #: one publishes to a topic name, not a filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="157"/>
        <source>%1: the wildcard # must be the whole last level, as in a/#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="163"/>
        <source>%1: the wildcard + must fill a whole level, as in a/+/b</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="181"/>
        <source>%1 has no name after the prefix %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="354"/>
        <source>%1 and %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="359"/>
        <source>%1 %2 requires %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="365"/>
        <source>%1 is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="516"/>
        <source>password is missing: the module takes username and password together or neither</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="521"/>
        <source>username is missing: the module takes username and password together or neither</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="553"/>
        <location filename="../modem/at/builders.cpp" line="576"/>
        <source>at least one topic is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="592"/>
        <location filename="../modem/at/linecheck.cpp" line="177"/>
        <source>msgid 0 is only allowed with qos 0; qos %1 needs a msgid of at least 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="633"/>
        <source>%1 must not contain Ctrl+Z (0x1A): it ends the data; use the form with a length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="639"/>
        <source>%1 must not contain ESC (0x1B): it cancels the input; use the form with a length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="861"/>
        <source>%1 has no test form</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::at::Forms</name>
    <message>
        <location filename="../modem/at/formschema.cpp" line="110"/>
        <source>Client (client_idx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="115"/>
        <source>SSL context (SSL_ctxID)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="120"/>
        <source>PDP context (contextID)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="43"/>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="44"/>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="45"/>
        <source>at most once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="46"/>
        <source>at least once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="47"/>
        <source>exactly once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="49"/>
        <source>not retained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="50"/>
        <source>retained by the broker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="90"/>
        <source>MQTT protocol version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="91"/>
        <source>The MQTT version the client speaks to the broker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="95"/>
        <source>Version (vsn)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="97"/>
        <source>MQTT 3.1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="98"/>
        <source>MQTT 3.1.1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="111"/>
        <source>PDP context of the client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="112"/>
        <source>The PDP context (AT+QICSGP/AT+QIACT) the client&apos;s network uses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="117"/>
        <source>PDP context (cid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="133"/>
        <source>SSL/TLS for the client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="134"/>
        <source>Binds the client to an SSL context set up with AT+QSSLCFG; the context is required when SSL is on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="139"/>
        <source>SSL (SSL_enable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="141"/>
        <source>plain TCP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="142"/>
        <source>SSL/TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="152"/>
        <source>SSL context (SSL_ctx_idx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="171"/>
        <source>Keep-alive time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="172"/>
        <source>The longest silence before the client pings the broker; 0 = never time out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="177"/>
        <source>Keep-alive (keep_alive_time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="390"/>
        <location filename="../modem/at/settings.cpp" line="178"/>
        <location filename="../modem/at/settings.cpp" line="225"/>
        <location filename="../modem/at/settings.cpp" line="421"/>
        <location filename="../modem/at/settings.cpp" line="585"/>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="193"/>
        <source>Session type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="194"/>
        <source>Whether the broker keeps the client&apos;s subscriptions across connections.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="199"/>
        <source>Session (clean_session)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="201"/>
        <source>keep the session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="202"/>
        <source>clean session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="218"/>
        <source>Packet timeout and retries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="219"/>
        <source>How long the client waits for an acknowledgement, and how often it resends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="224"/>
        <source>Packet timeout (pkt_timeout)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="236"/>
        <source>Retries (retry_times)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="248"/>
        <source>Report timeouts (timeout_notice)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="250"/>
        <source>do not report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="251"/>
        <source>report a packet timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="51"/>
        <source>no will</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="52"/>
        <source>publish a will</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="278"/>
        <source>Will message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="279"/>
        <source>What the broker publishes when the client goes away without DISCONNECT. The message cannot contain a double quote.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="58"/>
        <source>Will (will_fg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="60"/>
        <source>QoS (will_qos)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="63"/>
        <source>Retain (will_retain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="68"/>
        <source>Topic (will_topic)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="263"/>
        <source>Message (will_msg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="317"/>
        <source>Will message with a length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="318"/>
        <source>Like &quot;will&quot;, but the message is written after the &gt; prompt, so it may contain any byte.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="289"/>
        <source>Message (after &gt;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="330"/>
        <source>Receive mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="331"/>
        <source>How received messages reach the host. With the length in the URC, payloads that contain line breaks or quotes are read reliably.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="337"/>
        <source>Mode (msg_recv_mode)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="339"/>
        <source>the message in the +QMTRECV URC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="340"/>
        <source>stored in a buffer; the URC names the buffer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="350"/>
        <source>Length in the URC (msg_len_enable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="352"/>
        <source>no length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="353"/>
        <source>the URC carries the payload length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="367"/>
        <source>Alibaba Cloud credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="368"/>
        <source>With these, AT+QMTCONN may omit user name and password. The device secret is a secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="374"/>
        <source>Product key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="386"/>
        <source>Device name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="398"/>
        <source>Device secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="415"/>
        <source>Ping interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="416"/>
        <source>How long the client waits for a PINGRESP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="420"/>
        <source>Interval (qmtping_interval)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="234"/>
        <source>Open a network connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="236"/>
        <source>Opens the TCP (or TLS) link of a client to the broker; the result arrives as +QMTOPEN within 120 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="240"/>
        <source>Broker (host_name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="242"/>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="247"/>
        <source>Which networks are open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="249"/>
        <source>Lists every client whose network is open, with host and port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="252"/>
        <source>Close a network connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="254"/>
        <source>Closes the client&apos;s link; the result arrives as +QMTCLOSE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="259"/>
        <source>Connect to the broker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="261"/>
        <source>Sends CONNECT on an open network; +QMTCONN reports the broker&apos;s CONNACK.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="264"/>
        <source>Client ID (clientid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="266"/>
        <source>With user name and password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="267"/>
        <location filename="../modem/at/formschema.cpp" line="435"/>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="268"/>
        <location filename="../modem/at/formschema.cpp" line="436"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="275"/>
        <source>Connection states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="277"/>
        <source>Every client&apos;s MQTT state: 1 initializing, 2 connecting, 3 connected, 4 disconnecting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="281"/>
        <source>Disconnect from the broker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="283"/>
        <source>Sends DISCONNECT; the module also closes the network (+QMTDISC).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="291"/>
        <source>Topic filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="297"/>
        <source>Subscribe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="299"/>
        <source>Subscribes to one or more topic filters (+ and # allowed); +QMTSUB reports the granted QoS of each.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="303"/>
        <location filename="../modem/at/formschema.cpp" line="314"/>
        <location filename="../modem/at/formschema.cpp" line="327"/>
        <source>Packet ID (msgid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="310"/>
        <source>Unsubscribe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="312"/>
        <source>Unsubscribes from one or more topic filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="328"/>
        <source>(0 only with QoS 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="330"/>
        <source>QoS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="331"/>
        <source>Retain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="332"/>
        <source>Topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="337"/>
        <source>Publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="339"/>
        <source>Publishes a message of up to 1500 bytes, written after the &gt; prompt; at most 5 may await their acknowledgement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="342"/>
        <location filename="../modem/at/formschema.cpp" line="352"/>
        <source>Payload (after &gt;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="347"/>
        <source>Publish, ended by Ctrl+Z (older)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="349"/>
        <source>The older publish command of some firmware: the data after &gt; ends with Ctrl+Z, so it must not contain Ctrl+Z or ESC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="360"/>
        <source>Read stored messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="362"/>
        <source>In receive mode 1, reads the messages held in the client&apos;s buffers (all, or one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="365"/>
        <source>Only one buffer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="366"/>
        <source>Buffer (recv_id)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="373"/>
        <source>Which buffers hold messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="375"/>
        <source>For each client, which of its 5 buffers hold a message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="380"/>
        <source>Upload a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="382"/>
        <source>Stores a file (a certificate, a key) on the module; RAM: files are lost at restart. The module answers with a checksum to compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="385"/>
        <location filename="../modem/at/formschema.cpp" line="408"/>
        <source>File name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="387"/>
        <source>Content (after CONNECT)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="388"/>
        <source>Set the upload timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="389"/>
        <source>Timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="398"/>
        <source>List files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="400"/>
        <source>Lists the files that match, with their sizes (&quot;*&quot;: all).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="401"/>
        <source>Pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="405"/>
        <source>Delete a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="407"/>
        <source>Deletes a file; &quot;*&quot; deletes them all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="411"/>
        <source>Free space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="413"/>
        <source>Free and total bytes of a storage medium (UFS or RAM).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="414"/>
        <source>Medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="453"/>
        <source>SSL version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="458"/>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="460"/>
        <source>SSL 3.0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="461"/>
        <source>TLS 1.0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="462"/>
        <source>TLS 1.1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="463"/>
        <source>TLS 1.2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="464"/>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="479"/>
        <source>Cipher suites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="484"/>
        <source>Cipher suite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="485"/>
        <source>(e.g. 0X0035, 0X002F, 0XC02F; 0XFFFF = all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="501"/>
        <source>Authentication level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="506"/>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="508"/>
        <source>no authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="509"/>
        <source>verify the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="510"/>
        <source>verify server and client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="524"/>
        <source>CA certificate file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="445"/>
        <source>A file uploaded with AT+QFUPL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="526"/>
        <location filename="../modem/at/settings.cpp" line="536"/>
        <location filename="../modem/at/settings.cpp" line="546"/>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="534"/>
        <source>Client certificate file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="544"/>
        <source>Client key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="555"/>
        <source>Ignore the validity period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="556"/>
        <source>Modules without a set clock fail the handshake unless the certificates&apos; validity period is ignored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="561"/>
        <source>Validity period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="563"/>
        <source>check it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="564"/>
        <source>ignore it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="579"/>
        <source>Handshake time limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="584"/>
        <source>Time limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="601"/>
        <source>Server name indication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="602"/>
        <source>TLS hosts that share an IP address need SNI on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="603"/>
        <source>SNI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="424"/>
        <source>Define a PDP context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="426"/>
        <source>The APN and credentials of the operator&apos;s data network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="428"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="429"/>
        <source>IPv4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="430"/>
        <source>IPv6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="431"/>
        <source>IPv4v6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="433"/>
        <source>APN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="437"/>
        <source>Authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="438"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="439"/>
        <source>PAP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="440"/>
        <source>CHAP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="441"/>
        <source>PAP or CHAP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="452"/>
        <source>Activate a PDP context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="454"/>
        <source>Brings the data connection up (up to 150 s); ERROR if it is already active.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="457"/>
        <source>Active PDP contexts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="459"/>
        <source>Lists the active contexts with their IP addresses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="461"/>
        <source>Deactivate a PDP context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="466"/>
        <source>Is the module there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="467"/>
        <source>The module answers OK.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="470"/>
        <source>Command echo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="471"/>
        <source>Whether the module repeats each command line it receives.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="472"/>
        <source>Echo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="474"/>
        <source>Error reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="475"/>
        <source>How the module reports errors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="476"/>
        <source>Errors as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="477"/>
        <source>plain ERROR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="478"/>
        <source>+CME ERROR with a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="479"/>
        <source>+CME ERROR with a text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="482"/>
        <source>Module identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="483"/>
        <source>Manufacturer, model and revision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="485"/>
        <source>Firmware revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="501"/>
        <source>Ask for the ranges (test form)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="503"/>
        <source>The module lists what it accepts; its answer replaces the spec&apos;s ranges in every form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="506"/>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="733"/>
        <source>Configure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="735"/>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="737"/>
        <source>Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="739"/>
        <source>Publish/Subscribe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="741"/>
        <source>Receive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="743"/>
        <source>Files &amp; TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="745"/>
        <source>PDP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="747"/>
        <source>Basic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="871"/>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/formschema.cpp" line="874"/>
        <source>%1 bytes each</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::at::LineCheck</name>
    <message>
        <location filename="../modem/at/linecheck.cpp" line="86"/>
        <source>%1 %2 is not a number</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::at::Pem</name>
    <message>
        <location filename="../modem/at/pem.cpp" line="83"/>
        <source>This is a certificate request (CSR), not a certificate. Have it signed by your CA (or the cloud console) and choose the certificate you get back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="87"/>
        <source>This is a public key. The module needs the private key that belongs to the client certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="89"/>
        <source>This is a public key, not a certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="91"/>
        <source>This is OpenSSL&apos;s &quot;TRUSTED CERTIFICATE&quot; form, which modules do not read. Convert it: openssl x509 -in &lt;file&gt; -out cert.pem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="95"/>
        <source>This is an OpenSSH key, not a TLS key. Choose the key that belongs to the client certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="98"/>
        <source>This is a %1, which the module cannot use. Use an RSA or EC key (-----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="102"/>
        <source>This is a PKCS#7 bundle. Extract the certificates: openssl pkcs7 -print_certs -in &lt;file&gt; -out certs.pem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="106"/>
        <source>This file holds a -----BEGIN %1----- block, not a private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="107"/>
        <source>This file holds a -----BEGIN %1----- block, not a certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="117"/>
        <source>RSA private key (PKCS#1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="118"/>
        <source>EC private key (SEC1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="119"/>
        <source>private key (PKCS#8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="120"/>
        <source>%1, %2 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/at/pem.cpp" line="122"/>
        <source>%n certificate(s), %1 bytes</source>
        <translation>
            <numerusform>%n certificate, %1 bytes</numerusform>
            <numerusform>%n certificates, %1 bytes</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="136"/>
        <source>The file is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="141"/>
        <source>The file has %1 KB, more than the %2 KB a module takes for a certificate. A whole CA bundle? Choose only the CA certificate that signed your server&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="146"/>
        <source>The file has %1 KB, more than the %2 KB a module takes for a key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="153"/>
        <source>This is a binary (DER) file, not PEM. Convert it: openssl x509 -inform der -in &lt;file&gt; -out cert.pem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="155"/>
        <source>This is a binary (DER) file, not PEM. Convert it: openssl pkey -inform der -in &lt;file&gt; -out key.pem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="157"/>
        <source>This is a binary file, not a PEM text file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="185"/>
        <source>Line %1 ends a block that never began: the file is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="193"/>
        <location filename="../modem/at/pem.cpp" line="229"/>
        <source>The -----BEGIN %1----- block of line %2 has no END line: the file is cut short or damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="202"/>
        <source>Line %1 ends a %2 block that began as %3: the file is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="210"/>
        <source>The -----BEGIN %1----- block of line %2 is not valid base64: the file is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="264"/>
        <source>This is a private key, not a certificate. Choose it as the client key; here choose a file with -----BEGIN CERTIFICATE-----.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="270"/>
        <source>This file holds a private key as well as certificates. Never upload a key as a certificate: extract the certificates with openssl x509 -in &lt;file&gt; -out cert.pem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="277"/>
        <source>This is not a PEM certificate: there is no -----BEGIN CERTIFICATE----- line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/at/pem.cpp" line="280"/>
        <source>A chain of %n certificates; the module gets all of them.</source>
        <translation>
            <numerusform>A chain of %n certificates; the module gets all of them.</numerusform>
            <numerusform>A chain of %n certificates; the module gets all of them.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="286"/>
        <source>This key is encrypted with a passphrase, which the module cannot use. Save it without one: openssl pkey -in &lt;file&gt; -out key.pem (keep that file safe).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="292"/>
        <source>This is a certificate, not a private key. Choose the file with -----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY) that belongs to the client certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="299"/>
        <source>This is not a PEM private key: there is no -----BEGIN PRIVATE KEY----- line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/at/pem.cpp" line="304"/>
        <source>This file holds %n private keys; the module takes exactly one.</source>
        <translation>
            <numerusform>This file holds %n private keys; the module takes exactly one.</numerusform>
            <numerusform>This file holds %n private keys; the module takes exactly one.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="308"/>
        <source>This file holds certificates as well as the key; the module expects the key alone. Extract it: openssl pkey -in &lt;file&gt; -out key.pem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="311"/>
        <source>The EC PARAMETERS block before the key is uploaded too; modules skip it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="314"/>
        <source>The -----BEGIN %1----- block is uploaded too; the module ignores it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/pem.cpp" line="317"/>
        <source>Text outside the PEM blocks (such as openssl&apos;s &quot;subject=&quot; lines) is uploaded as it is.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::at::Settings</name>
    <message>
        <location filename="../modem/at/settings.cpp" line="660"/>
        <location filename="../modem/at/settings.cpp" line="663"/>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="661"/>
        <source>hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="664"/>
        <source>not known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="668"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::at::syntax</name>
    <message>
        <location filename="../modem/at/syntax.cpp" line="55"/>
        <source>configure a client slot; without the value it reads the setting back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="89"/>
        <source>MQTT protocol version: 3 = MQTT 3.1, 4 = MQTT 3.1.1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="110"/>
        <source>the PDP context the slot uses, 1-16 (default 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="132"/>
        <source>TLS for the slot: enable 0/1 and the SSL context 0-5 to use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="169"/>
        <source>keep-alive interval 0-3600 s (default 120; 0 = never time out)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="192"/>
        <source>0 keeps the session after a disconnect, 1 starts clean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="215"/>
        <source>packet timeout 1-60 s (default 5), retries 0-10 (default 3), report timeouts 0/1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="276"/>
        <source>last will: flag 0/1, QoS 0-2, retain 0/1, topic, message (no &quot; inside)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="315"/>
        <source>last will whose message (0-256 bytes) is written after the &apos;&gt;&apos; prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="328"/>
        <source>mode 0 = message in the URC, 1 = stored in a buffer; length 1 = the URC carries the payload length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="366"/>
        <source>Alibaba Cloud device credentials (the secret is a secret)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="414"/>
        <source>interval of the module&apos;s own pings, 5-60 s (default 5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="60"/>
        <source>open a network connection for a slot; the result comes as +QMTOPEN: &lt;client_idx&gt;,&lt;result&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="64"/>
        <source>close the slot&apos;s network connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="67"/>
        <source>connect the slot to the MQTT server; the result comes as +QMTCONN: &lt;client_idx&gt;,&lt;result&gt;[,&lt;ret_code&gt;]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="71"/>
        <source>disconnect the slot from the MQTT server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="76"/>
        <source>subscribe to topic filters; msgid 1-65535, QoS 0-2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="78"/>
        <source>unsubscribe from topic filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="81"/>
        <source>publish: after the &apos;&gt;&apos; prompt write exactly msg_length bytes (msgid 0 only with QoS 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="86"/>
        <source>older publish: after &apos;&gt;&apos; write the message ended by Ctrl+Z, or msg_length bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="90"/>
        <source>read the messages stored in buffer mode (recv_id 0-4); AT+QMTRECV? shows which buffers are full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="96"/>
        <source>upload a file (RAM:name or UFS:name): after CONNECT send file_size bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="99"/>
        <source>list the files matching the pattern (&quot;*&quot; for all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="101"/>
        <source>delete a file (&quot;*&quot; deletes all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="103"/>
        <source>free and total bytes of a storage medium (&quot;UFS&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="107"/>
        <source>configure an SSL context 0-5; without the value it reads the setting back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="452"/>
        <source>0 SSL 3.0, 1 TLS 1.0, 2 TLS 1.1, 3 TLS 1.2, 4 all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="478"/>
        <source>cipher suite in hex, unquoted (0X0035, 0XC02F …; 0XFFFF all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="499"/>
        <source>0 no authentication, 1 verify the server, 2 verify server and client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="523"/>
        <source>the uploaded CA certificate, e.g. &quot;RAM:cacert.pem&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="533"/>
        <source>the uploaded client certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="543"/>
        <source>the uploaded private key of the client certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="554"/>
        <source>1 ignores the certificates&apos; validity period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="578"/>
        <source>time limit of the TLS handshake, 10-300 s (default 300)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/settings.cpp" line="599"/>
        <source>server name indication 0/1; hosts sharing an IP address need 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="115"/>
        <source>define a PDP context: type 1 IPv4, 2 IPv6, 3 IPv4v6; APN; authentication 0 none, 1 PAP, 2 CHAP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="119"/>
        <source>activate a PDP context (up to 150 s; ERROR if it is already active)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="122"/>
        <source>deactivate a PDP context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="126"/>
        <source>check that the module answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="128"/>
        <source>command echo: ATE0 off, ATE1 on (the default after power-up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="131"/>
        <source>the module&apos;s manufacturer, model and revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="133"/>
        <source>the firmware revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="135"/>
        <source>the firmware revision (3GPP form)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="137"/>
        <source>error reports: 0 plain ERROR, 1 numeric +CME ERROR, 2 verbose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="140"/>
        <source>functionality: 0 minimum, 1 full, 4 radio off; rst 1 restarts the module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="143"/>
        <source>the SIM card&apos;s state (+CPIN: READY when usable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="145"/>
        <source>the port the module sends URCs to: &quot;usbat&quot;, &quot;usbmodem&quot; or &quot;uart1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="150"/>
        <source>result codes: ATV1 words (OK), ATV0 numbers (0 for OK, 4 for ERROR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="153"/>
        <source>restore the saved settings (echo, result codes, error reports)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="156"/>
        <source>save the current settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="158"/>
        <source>the manufacturer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="159"/>
        <source>the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="160"/>
        <location filename="../modem/at/syntax.cpp" line="161"/>
        <source>the IMEI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="162"/>
        <source>the SIM&apos;s IMSI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="164"/>
        <source>the SIM&apos;s ICCID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="166"/>
        <source>signal quality: rssi 0-31 (-113 + 2 x rssi dBm, 99 unknown), ber</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="169"/>
        <source>signal of the serving system: LTE rssi, rsrp, sinr, rsrq</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="171"/>
        <source>network registration: stat 1 home, 5 roaming, 2 searching, 3 denied; n 1-2 report changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="175"/>
        <source>packet domain registration, as AT+CREG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="177"/>
        <source>LTE registration, as AT+CREG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="179"/>
        <source>the operator: registered network, or the list of networks (=?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="182"/>
        <source>packet domain attach: 1 attached, 0 detached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="184"/>
        <source>define a PDP context (type IP, IPV6 or IPV4V6, and its APN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="187"/>
        <source>activate (1) or deactivate (0) a PDP context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="189"/>
        <source>the address of a PDP context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="191"/>
        <source>the serving network: access technology, operator, band, channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="194"/>
        <source>the names of the registered network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="196"/>
        <source>extended settings: &quot;nwscanmode&quot;, &quot;nwscanseq&quot;, &quot;iotopmode&quot;, &quot;band&quot; (the value omitted reads it back)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="200"/>
        <source>set the clock from an NTP server; +QNTP: &lt;err&gt;,&quot;&lt;time&gt;&quot; follows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="203"/>
        <source>the module&apos;s clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="205"/>
        <source>the latest time the network synchronised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="208"/>
        <source>the slot&apos;s link changed state; the client is disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="211"/>
        <source>result 1: the keep-alive ping failed, the connection is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="214"/>
        <source>a message arrived (receive mode 0); in mode 1 +QMTRECV: &lt;client_idx&gt;,&lt;recv_id&gt; names its buffer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="219"/>
        <source>boot: the SIM type was detected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="221"/>
        <source>an indication of the module, e.g. SMS DONE at boot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/syntax.cpp" line="223"/>
        <source>the network deactivated the PDP context</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::mqtt::LocalBroker</name>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="49"/>
        <source>%1: timed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="75"/>
        <location filename="../modem/mqtt/localbroker.cpp" line="258"/>
        <location filename="../modem/mqtt/localbroker.cpp" line="308"/>
        <location filename="../modem/mqtt/localbroker.cpp" line="416"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="81"/>
        <source>%1 %2: timed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="85"/>
        <source>%1 %2 failed (%3): %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="193"/>
        <source>cannot create a temporary directory: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="199"/>
        <source>mosquitto not found in PATH or /usr/sbin (Debian: apt-get install mosquitto)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="204"/>
        <source>%1: no such program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="209"/>
        <source>port %1 on 127.0.0.1 is already in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="216"/>
        <source>no free loopback port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="224"/>
        <source>mosquitto_passwd not found in PATH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="255"/>
        <source>%1 (user %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="266"/>
        <source>%1 failed (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="319"/>
        <source>mosquitto exited (code %1):
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/mqtt/localbroker.cpp" line="344"/>
        <source>mosquitto did not listen on port %1 in time:
%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::mqtt::PkiMaker</name>
    <message>
        <location filename="../modem/mqtt/pkimaker.cpp" line="55"/>
        <source>openssl %1: timed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/mqtt/pkimaker.cpp" line="82"/>
        <source>openssl not found in PATH (Debian: apt-get install openssl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/mqtt/pkimaker.cpp" line="87"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/mqtt/pkimaker.cpp" line="170"/>
        <source>openssl: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/mqtt/pkimaker.cpp" line="177"/>
        <source>openssl %1 failed (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::CertCheck</name>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="112"/>
        <source>RSA %1-bit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="123"/>
        <source>unknown type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="153"/>
        <source>Certificate %1 of %2 is not an X.509 certificate (%3): the file is damaged or holds something else under a CERTIFICATE label. Export the certificate again, in PEM form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="158"/>
        <location filename="../modem/workflows/certcheck.cpp" line="290"/>
        <source>it does not decode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="183"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="184"/>
        <source>%1, certificate %2 of %3 (%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="203"/>
        <source>%1 has validity dates that cannot be read. Export the certificate again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="210"/>
        <source>Get the CA certificate in use now from whoever runs the broker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="212"/>
        <source>Get a new client certificate (and its key) from your CA or cloud console.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/certcheck.cpp" line="214"/>
        <source>%1 expired on %2 (%n day(s) ago): the connection will be refused. %3</source>
        <translation>
            <numerusform>%1 expired on %2 (%n day ago): the connection will be refused. %3</numerusform>
            <numerusform>%1 expired on %2 (%n days ago): the connection will be refused. %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/certcheck.cpp" line="220"/>
        <source>%1 is not valid yet: it is valid from %2 (in %n day(s)) to %3. Until then it is refused, unless the clock of this computer is wrong.</source>
        <translation>
            <numerusform>%1 is not valid yet: it is valid from %2 (in %n day) to %3. Until then it is refused, unless the clock of this computer is wrong.</numerusform>
            <numerusform>%1 is not valid yet: it is valid from %2 (in %n days) to %3. Until then it is refused, unless the clock of this computer is wrong.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/certcheck.cpp" line="227"/>
        <source>%1 expires on %2, in %n day(s). Renew it before then, or the connection will fail.</source>
        <translation>
            <numerusform>%1 expires on %2, in %n day. Renew it before then, or the connection will fail.</numerusform>
            <numerusform>%1 expires on %2, in %n days. Renew it before then, or the connection will fail.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="232"/>
        <source>%1 is valid from %2 to %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="287"/>
        <source>%1 is not a private key OpenSSL can read (%2): the file is damaged or of a kind the module cannot use either. Export the key again, in PEM form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="300"/>
        <source>%1 and %2 cannot be compared: the key is encrypted with a passphrase, which the module cannot enter either. Save the key without one: openssl pkey -in %1 -out client-plain.key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="310"/>
        <source>%1 belongs to %2 (%3, %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="313"/>
        <source>%1 is an %2 key, but %3 holds an %4 key: they cannot belong together. Pick the key that was made with %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="323"/>
        <source>%1 is the key of the CA certificate %2 (%3), not of %4. Pick the key that was made with %4, and never put a CA&apos;s key on a device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="329"/>
        <source>%1 belongs to certificate %2 of %3 (%4), not to the first one (%5). Put the client&apos;s own certificate first in %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="337"/>
        <source>%1 does not belong to %2 (%3): the key belongs to another certificate. Pick the key that was made with %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="377"/>
        <source>%1 was issued by %2 (%3): the signature checks out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="389"/>
        <source>%1 names %2 (%3) as its issuer, but the signature does not match that CA&apos;s key: it was issued by another CA of the same name (one made again?).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="394"/>
        <source>%1 is self-signed: no CA issued it, so %2 (%3) did not either.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="401"/>
        <source>%1 was issued by “%2”, not by %3 (%4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="404"/>
        <source>%1 does not chain to %2: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="408"/>
        <source>Your broker checks client certificates with %1, so it will refuse this one: pick the client certificate (and its key) that %1&apos;s CA issued, unless the broker checks clients with another CA after all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="413"/>
        <source>The module uses %1 only to check the server, so this is right if your broker checks client certificates with another CA. If not, pick the CA certificate that issued %2, or a client certificate from %1&apos;s CA.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/certcheck.cpp" line="429"/>
        <source>%1 is not a CA certificate but the certificate of a server or client, issued by “%2”. The module checks the server with it: pick the CA certificate that issued the server&apos;s certificate (often called ca.crt, chain.pem or root CA).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::CommandResult</name>
    <message>
        <location filename="../modem/io/commandchannel.cpp" line="30"/>
        <source>OK, result %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/commandchannel.cpp" line="30"/>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/commandchannel.cpp" line="32"/>
        <source>ERROR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/commandchannel.cpp" line="34"/>
        <location filename="../modem/io/commandchannel.cpp" line="35"/>
        <source>+CME ERROR: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/commandchannel.cpp" line="37"/>
        <source>no answer in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/commandchannel.cpp" line="39"/>
        <source>the port went away</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/commandchannel.cpp" line="41"/>
        <source>aborted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/commandchannel.cpp" line="43"/>
        <source>the module restarted</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::Comparison</name>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="628"/>
        <source>same</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="630"/>
        <source>DIFFERENT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="632"/>
        <source>MISSING: the log shows an answer we did not get</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="634"/>
        <source>EXTRA: we got an answer the log does not show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="636"/>
        <source>no answer in the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="643"/>
        <source>customer&apos;s log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="644"/>
        <source>ours</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/reproduce.cpp" line="654"/>
        <source>%n same</source>
        <translation>
            <numerusform>%n same</numerusform>
            <numerusform>%n same</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/reproduce.cpp" line="656"/>
        <source>%n different</source>
        <translation>
            <numerusform>%n different</numerusform>
            <numerusform>%n different</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/reproduce.cpp" line="657"/>
        <source>%n missing</source>
        <translation>
            <numerusform>%n missing</numerusform>
            <numerusform>%n missing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/reproduce.cpp" line="658"/>
        <source>%n extra</source>
        <translation>
            <numerusform>%n extra</numerusform>
            <numerusform>%n extra</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/reproduce.cpp" line="660"/>
        <source>%n not answered in the log</source>
        <translation>
            <numerusform>%n not answered in the log</numerusform>
            <numerusform>%n not answered in the log</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/reproduce.cpp" line="665"/>
        <source>%n step(s): %1.</source>
        <translation>
            <numerusform>%n step: %1.</numerusform>
            <numerusform>%n steps: %1.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="670"/>
        <source>First divergence: step %1 (log line %2), %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="674"/>
        <source>First divergence: step %1, %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="676"/>
        <source>No divergence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="679"/>
        <source>line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="681"/>
        <source>step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="683"/>
        <source>line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="687"/>
        <source>FIRST DIVERGENCE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="698"/>
        <source>(our run: %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::Diagnosis</name>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="191"/>
        <source>The module restarted (RDY) in the middle of the session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="182"/>
        <location filename="../modem/workflows/diagnosis.cpp" line="193"/>
        <source>Every MQTT client, its settings and its subscriptions are gone; echo is on again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="194"/>
        <source>The supply dropped or sagged (a transmit burst draws up to 2 A), a watchdog or AT+CFUN=1,1 reset it, or the host toggled PWRKEY or RESET_N.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="196"/>
        <source>Check the supply and its capacitors under load; after RDY the host must configure, open and connect every slot again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="281"/>
        <source>A setting of slot %1 was changed while its client was connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="282"/>
        <source>AT+QMTCFG settings are taken when the connection is made: this one does not apply to the connection that runs (the module may also refuse it with ERROR).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="284"/>
        <source>The host configures after AT+QMTCONN, or reconnects without disconnecting first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="285"/>
        <source>Make every AT+QMTCFG setting before AT+QMTOPEN, or AT+QMTDISC, change it, then open and connect again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="298"/>
        <source>Slot %1 has no keep-alive (0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="299"/>
        <source>Slot %1&apos;s keep-alive is %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="300"/>
        <source>Mobile networks drop a TCP connection that stays idle for a few minutes (often 2 to 5, some less). Without a ping within that time, the connection dies silently; the module learns it only when it next sends (+QMTSTAT: %1,1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="304"/>
        <source>A keep-alive of 0 (never) or longer than %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="305"/>
        <source>Use a keep-alive of 60 to 120 s: AT+QMTCFG=&quot;keepalive&quot;,%1,120.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="318"/>
        <source>Slots %1 and %2 connect with the same client id &quot;%3&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="322"/>
        <source>A broker keeps one session per client id: the second connection makes it close the first, and they take turns dropping each other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="324"/>
        <source>One client id configured for several slots, or for several devices.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="325"/>
        <source>Give every slot (and every device) its own client id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="338"/>
        <source>Slot %1 opens TLS (SSL context %2) and the log shows no CA certificate for it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="341"/>
        <source>With seclevel 1 or 2 the module checks the server&apos;s certificate against the CA file of the SSL context; without one the handshake fails (+QMTOPEN: %1,-1 or +QMTSTAT: %1,1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="345"/>
        <source>AT+QSSLCFG=&quot;cacert&quot; not set (or set on another context), or set before a restart that cleared it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="347"/>
        <source>Upload the broker&apos;s CA (AT+QFUPL) and set AT+QSSLCFG=&quot;cacert&quot;,%1,&quot;UFS:ca.pem&quot; before AT+QMTOPEN; or seclevel 0 to test without checks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="360"/>
        <source>Slot %1 opens on PDP context %2, which the log shows not active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="363"/>
        <source>The MQTT client needs an active data connection on its PDP context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="364"/>
        <source>No APN set (AT+QICSGP), AT+QIACT not run or refused, no registration, or the network deactivated the context (+QIURC: &quot;pdpdeact&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="366"/>
        <source>Set the APN with AT+QICSGP=%1,1,&quot;apn&quot;, activate with AT+QIACT=%1 and check AT+QIACT? before AT+QMTOPEN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="391"/>
        <source>a command the log does not show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="392"/>
        <source>%1 was refused: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="405"/>
        <source>Error %1 of the module&apos;s general or file error tables.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="407"/>
        <source>Look the code up in the module&apos;s AT manual (+CME ERROR table).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="409"/>
        <source>Check the file&apos;s name (RAM:/UFS: prefix), size and drive (AT+QFLST, AT+QFLDS) and repeat the file operation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="413"/>
        <source>A value or state the module does not accept for this command.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="427"/>
        <source>The data connection ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="428"/>
        <source>The module refused the command without saying why (AT+CMEE=2 makes it name the reason).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="430"/>
        <source>A syntax error, a value out of range, or the slot&apos;s state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="431"/>
        <source>Check the command against its syntax and the slot&apos;s state; send AT+CMEE=2 to get the reason in words.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="461"/>
        <source>Slot %1 could not open the network (+QMTOPEN result %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="469"/>
        <source>Over TLS: the handshake failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="472"/>
        <source>SNI is not enabled, and brokers behind a shared address (AWS IoT, Azure, cloud load balancers) need the host name in the handshake: AT+QSSLCFG=&quot;sni&quot;,%1,1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="478"/>
        <source>The module checks the certificates&apos; dates against its clock, which is wrong until the network or AT+QNTP sets it: AT+QSSLCFG=&quot;ignorelocaltime&quot;,%1,1, or set the time first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="496"/>
        <source>Slot %1: %2 failed (result %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="495"/>
        <source>Slot %1 could not disconnect (result %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="180"/>
        <source>The module restarted, as the host asked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="183"/>
        <source>AT+CFUN=&lt;fun&gt;,1 resets the module; after AT+QPOWD the host powered it up again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="184"/>
        <source>After RDY the host must configure, open and connect every slot again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="507"/>
        <source>Slot %1&apos;s CONNECT was not acknowledged (+QMTCONN result %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="509"/>
        <source>The broker did not answer within the packet time-out: wrong port or protocol (TLS expected), a firewall, or a broker that drops unknown clients silently.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="514"/>
        <source>The broker refused slot %1&apos;s connection (CONNACK %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="533"/>
        <source>The broker refused slot %1&apos;s subscription (granted QoS 128)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="534"/>
        <source>The broker does not allow this client to subscribe to the topic.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="535"/>
        <source>The broker&apos;s access rules (ACL, the cloud&apos;s policy) or a topic filter it does not accept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="537"/>
        <source>Check the topic against the broker&apos;s or cloud&apos;s policy for this client id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="539"/>
        <source>Slot %1: %2 packet %3 (result %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="552"/>
        <source>Slot %1&apos;s connection ended (+QMTSTAT %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="558"/>
        <source>The keep-alive is 0: no ping keeps the idle connection open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="561"/>
        <source>The keep-alive (%1 s) is longer than mobile networks keep an idle connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="570"/>
        <source>Slot %1&apos;s keep-alive ping went unanswered (+QMTPING %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="583"/>
        <source>The module stored %1 bytes; the upload declared %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="584"/>
        <source>The file is cut or padded: the certificate or key it holds is broken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="586"/>
        <source>The upload timed out before all bytes arrived, or the host sent a different file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="587"/>
        <source>Upload again with the exact size and a longer time-out (AT+QFUPL&apos;s third argument).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="594"/>
        <source>The module&apos;s checksum %1 differs from the data&apos;s %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="596"/>
        <source>The bytes the module stored are not the bytes of the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="597"/>
        <source>Bytes lost or changed on the serial line (flow control, baud rate), or line ends converted by the terminal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="599"/>
        <source>Enable hardware flow control or lower the baud rate, send the file as binary, and upload again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="621"/>
        <source>The network deactivated the PDP context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="622"/>
        <source>The data connection is gone: every MQTT client on it drops (+QMTSTAT).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="623"/>
        <source>Coverage lost, the operator&apos;s idle timer, or an APN the network does not accept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="624"/>
        <source>Deactivate (AT+QIDEACT) and activate (AT+QIACT) the context again, then open and connect the slots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="640"/>
        <source>%1 got no +%2 result before the log ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="641"/>
        <source>%1 got no +%2 result within its time-out (%3 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="644"/>
        <source>The module accepted the command (OK) but never reported its outcome.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="645"/>
        <source>The module answered neither OK nor the result.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="646"/>
        <source>The broker does not answer (QMTCONN, QMTSUB), the network is slow, the log was cut, or URCs go to another port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="648"/>
        <source>Wait for the result URC up to the command&apos;s time-out; check AT+QURCCFG? and read the URC port too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/diagnosis.cpp" line="679"/>
        <source>%n command(s) answered OK and none of their results came</source>
        <translation>
            <numerusform>%n command answered OK and its result never came</numerusform>
            <numerusform>%n commands answered OK and none of their results came</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="680"/>
        <source>The module sends its URCs (the results of QMTOPEN, QMTCONN, QMTSUB …) to another port than the one in the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="682"/>
        <source>AT+QURCCFG=&quot;urcport&quot; set to &quot;usbmodem&quot; or &quot;uart1&quot; while the host reads the other; or the log shows one port of several.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="684"/>
        <source>Ask AT+QURCCFG=&quot;urcport&quot; and set it to the port the host reads, e.g. AT+QURCCFG=&quot;urcport&quot;,&quot;usbat&quot; (USB AT port) or &quot;uart1&quot; (main UART).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="723"/>
        <source>The data is %1 bytes, shorter than the %2 its command declared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="724"/>
        <source>The data is %1 bytes, longer than the %2 its command declared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="725"/>
        <source>The module waits for the missing bytes: it takes the host&apos;s next command as the rest of the message, or times out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="727"/>
        <source>The module takes the declared bytes; the rest arrives as the start of a command, which fails.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="729"/>
        <source>The length counted in characters rather than bytes (UTF-8), a line end or a terminating NUL counted or not, or the message built after its length.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="731"/>
        <source>Compute the length from the bytes actually written, after the message is built.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="782"/>
        <source>No failure found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="785"/>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="786"/>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="787"/>
        <source>note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="795"/>
        <source>Module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="795"/>
        <source>Slot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="803"/>
        <source>seen: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="808"/>
        <source>after: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="814"/>
        <source>means: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="816"/>
        <source>likely: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="818"/>
        <source>fix: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/diagnosis.cpp" line="822"/>
        <source>seen %n more time(s) after this one</source>
        <translation>
            <numerusform>seen %n more time after this one</numerusform>
            <numerusform>seen %n more times after this one</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/diagnosis.cpp" line="823"/>
        <source>, the last at %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::EndToEnd</name>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="31"/>
        <source>module → peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="32"/>
        <source>peer → module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="37"/>
        <source>%1  QoS %2  %3/%4 intact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="43"/>
        <source> (%1 damaged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="45"/>
        <source>  median %1 ms  p99 %2 ms  max %3 ms  serial %4 ms  %5 msg/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="49"/>
        <source>  PASS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="50"/>
        <source>  FAIL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="65"/>
        <source>the module did not report the publish as sent within %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="67"/>
        <source>did not arrive within %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="115"/>
        <source>nothing to check: no direction, no QoS or no messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="117"/>
        <source>the desktop peer is not connected to the broker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="127"/>
        <source>the desktop peer lost the broker: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="135"/>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="160"/>
        <source>the command cannot be built</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="181"/>
        <source>%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="187"/>
        <source>slot %1 is not connected, and no broker was given to connect it to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="190"/>
        <source>slot %1: receive mode with the payload length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="191"/>
        <source>AT+QMTCFG=&quot;recv/mode&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="195"/>
        <source>AT+QMTCFG=&quot;ssl&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="198"/>
        <source>slot %1: opening %2:%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="199"/>
        <source>AT+QMTOPEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="204"/>
        <source>slot %1: connecting as %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="210"/>
        <source>AT+QMTCONN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="217"/>
        <source>slot %1: subscribing to %2/down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="220"/>
        <source>AT+QMTSUB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="225"/>
        <source>peer: subscribing to %1/up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="233"/>
        <source>the broker refused the peer&apos;s subscription</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="239"/>
        <source>the peer could not subscribe: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="253"/>
        <source>sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="293"/>
        <source>the publish cannot be built</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="311"/>
        <source>the module: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="319"/>
        <source>the peer could not publish: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="358"/>
        <source>arrived damaged: %1 bytes, %2 expected%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="361"/>
        <source> (cut at a line end)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/endtoend.cpp" line="379"/>
        <source>arrived damaged</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::HtmlReport</name>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="45"/>
        <location filename="../modem/workflows/htmlreport.cpp" line="47"/>
        <source>QMT Scope report: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="49"/>
        <source>Written %1 by %2 %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="65"/>
        <source>line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="71"/>
        <source>Slots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="72"/>
        <source>Slot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="72"/>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="72"/>
        <source>Broker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="72"/>
        <source>MQTT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="72"/>
        <source>Client id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="73"/>
        <source>Subscriptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="73"/>
        <source>Published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="73"/>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="73"/>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="103"/>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="117"/>
        <source>Findings (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="119"/>
        <source>No failure found in this session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="125"/>
        <source>Module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="125"/>
        <source>Slot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="131"/>
        <source>Seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="133"/>
        <source>After</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="137"/>
        <source>Means</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="138"/>
        <source>Likely</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="139"/>
        <source>Fix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="141"/>
        <source>Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/htmlreport.cpp" line="141"/>
        <source>seen %n more time(s) after this one</source>
        <translation>
            <numerusform>seen %n more time after this one</numerusform>
            <numerusform>seen %n more times after this one</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/htmlreport.cpp" line="150"/>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/htmlreport.cpp" line="176"/>
        <source>*** a private key (%n line(s)) left out</source>
        <translation>
            <numerusform>*** a private key (%n line) left out</numerusform>
            <numerusform>*** a private key (%n lines) left out</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/htmlreport.cpp" line="189"/>
        <source>… %n more line(s) not shown</source>
        <translation>
            <numerusform>… %n more line not shown</numerusform>
            <numerusform>… %n more lines not shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qmt::session::JournalReader</name>
    <message>
        <location filename="../modem/io/journal.cpp" line="302"/>
        <source>the disk has only %1 MB free (the journal stops below %2 MB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="364"/>
        <source>%1 exists already: a journal is never written over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="366"/>
        <source>Qt&apos;s SQLite driver is missing (Debian package libqt6sql6-sqlite)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="372"/>
        <source>cannot create the journal %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="504"/>
        <source>the journal %1 stopped: %2 (the session goes on; nothing more is written)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="555"/>
        <source>cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="557"/>
        <source>%1 is no QMT Scope journal (not an SQLite file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="568"/>
        <source>cannot open the journal %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="571"/>
        <source>%1 is no QMT Scope journal (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="583"/>
        <source>%1 is an SQLite database, but no QMT Scope journal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="585"/>
        <source>%1 was written by a newer QMT Scope (journal format %2; this build reads up to %3): open it with that version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="591"/>
        <source>%1 names no journal format version: it is damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/journal.cpp" line="593"/>
        <source>the journal %1 is damaged: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::LogImport</name>
    <message numerus="yes">
        <location filename="../modem/workflows/logimport.cpp" line="2715"/>
        <source>%n line(s) read</source>
        <translation>
            <numerusform>%n line read</numerusform>
            <numerusform>%n lines read</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/logimport.cpp" line="2718"/>
        <source>%n note(s) set aside</source>
        <translation>
            <numerusform>%n note set aside</numerusform>
            <numerusform>%n notes set aside</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/logimport.cpp" line="2720"/>
        <source>%n line(s) normalised</source>
        <translation>
            <numerusform>%n line normalised</numerusform>
            <numerusform>%n lines normalised</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/logimport.cpp" line="2722"/>
        <source>%n hex dump line(s) decoded</source>
        <translation>
            <numerusform>%n hex dump line decoded</numerusform>
            <numerusform>%n hex dump lines decoded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/logimport.cpp" line="2724"/>
        <source>%n echo(es) merged</source>
        <translation>
            <numerusform>%n echo merged</numerusform>
            <numerusform>%n echoes merged</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/logimport.cpp" line="2726"/>
        <source>%n place(s) where data was left out</source>
        <translation>
            <numerusform>%n place where data was left out</numerusform>
            <numerusform>%n places where data was left out</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/logimport.cpp" line="2728"/>
        <source>%n data length mismatch(es)</source>
        <translation>
            <numerusform>%n data length mismatch</numerusform>
            <numerusform>%n data length mismatches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/logimport.cpp" line="2736"/>
        <source>%n line(s) not understood, kept as they are (line %1)</source>
        <translation>
            <numerusform>%n line not understood, kept as it is (line %1)</numerusform>
            <numerusform>%n lines not understood, kept as they are (line %1)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qmt::session::LogImport::Line</name>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2642"/>
        <source>AT traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2645"/>
        <source>data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2648"/>
        <source>hex dump, read as the bytes it shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2651"/>
        <source>a placeholder for lines left out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2651"/>
        <source>a note, not traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2654"/>
        <source>empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2657"/>
        <source>the module&apos;s echo of the command before it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2660"/>
        <source>the rest of the line before it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2663"/>
        <source>not understood: kept as it is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2668"/>
        <source>removed &quot;%1&quot; in front</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2670"/>
        <source>removed &quot;%1&quot; in front (a style not known: check it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2672"/>
        <source>removed the quote or list mark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2674"/>
        <source>sent by the host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2676"/>
        <source>sent by the module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2678"/>
        <source>typographic or full-width punctuation made ASCII</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2680"/>
        <source>a comment at the end removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2682"/>
        <source>line ends written as text made CR/LF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2684"/>
        <source>several messages on one line separated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2686"/>
        <source>joined with the next line(s): a long line wrapped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2688"/>
        <source>the &apos;&gt;&apos; prompt, missing from the log, put in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2691"/>
        <source>data left out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2693"/>
        <source>data left out: %1 bytes stood in for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2696"/>
        <source>Ctrl+Z written as text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2699"/>
        <source>the data is %1 bytes but the command declared %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2704"/>
        <source>payload of %1 bytes declared, %2 shown: read without its length (incomplete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/logimport.cpp" line="2708"/>
        <source>read as UTF-16</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::PortCatalog</name>
    <message>
        <location filename="../modem/io/portcatalog.cpp" line="47"/>
        <source>interface %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portcatalog.cpp" line="49"/>
        <source>AT interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portcatalog.cpp" line="74"/>
        <source>pseudo-terminal</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::PortDoctor</name>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="253"/>
        <source>ModemManager (pid %1) is running. It probes every new modem port for about a minute and sends AT commands of its own, whose answers then go to it instead of to you. Stop it for now, or keep it away from Quectel modules for good with a udev rule (QMT Scope ships it as share/qmtscope/udev/77-qmtscope-modemmanager.rules; nothing installs it without you). Do not use the rule if this computer gets its own internet connection through the module: ModemManager would no longer manage it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="284"/>
        <source>Permission denied: only its owner may open %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="285"/>
        <source>The device file gives its group no access, so joining a group does not help. Ask the administrator to give it to the dialout group:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="293"/>
        <source>Permission denied: you are in the group “%1” already, but this login started before you were added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="296"/>
        <source>A new group applies from the next login: log out and back in (or restart). To try at once, start QMT Scope with the group from a terminal:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="302"/>
        <source>Permission denied: %1 belongs to the group “%2”, and %3 is not in it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="304"/>
        <source>Join the group once with the command below, then log out and back in (or restart): a new group applies from the next login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="317"/>
        <source>%1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="318"/>
        <source>The module is unplugged, or its ports got other names: a module that restarts (AT+CFUN=1,1, a firmware update, a power dip) comes back as new ports, and sometimes with other numbers. Rescan the ports (F5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="333"/>
        <source>QMT Scope itself (pid %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="336"/>
        <source>%1 is in use by %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="338"/>
        <source>This program has the port open already: close it first (in another window, or in the session that has it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="341"/>
        <source>Close that program (a terminal such as minicom or screen left open, another tool) and open the port again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="344"/>
        <source>%1 is in use by another program.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="346"/>
        <source>Which one could not be seen: the processes of other users are not visible to you. This names them:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="348"/>
        <source>It was opened for exclusive use. This names the program:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="355"/>
        <source>%1 cannot be opened (error %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="356"/>
        <source>%1 cannot be opened: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="370"/>
        <source>%1 is the module&apos;s DM (diagnostics) interface, not its AT interface.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="371"/>
        <source>%1 is the module&apos;s NMEA (GNSS) interface, not its AT interface.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="373"/>
        <source>It carries the binary diagnostic protocol: AT commands get no answer there, or binary noise.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="375"/>
        <source>It only sends GNSS sentences ($GPGGA…) while positioning is on: AT commands get no answer there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="379"/>
        <source>The same module&apos;s AT interface is %1 (USB interface 2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="381"/>
        <source>Use the module&apos;s USB interface 2 (usually the third of its ttyUSB ports).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="399"/>
        <source>Other programs have %1 open too: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/portdoctor.cpp" line="400"/>
        <source>What the module sends goes to whichever program reads first, so answers can go missing here. Close the other programs.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::Reproduction</name>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="329"/>
        <source>log line %1; no answer logged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="331"/>
        <source>log line %1; answer on line %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="335"/>
        <source>log line %1; answers on lines %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="340"/>
        <source> (line %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="342"/>
        <source>DATA LEFT OUT in the log%1: put %2 next to the sequence file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/reproduce.cpp" line="345"/>
        <source>DATA LEFT OUT in the log%1: the %2 byte(s) are placeholders, fill them in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::Script</name>
    <message>
        <location filename="../modem/workflows/script.cpp" line="36"/>
        <source>line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/script.cpp" line="49"/>
        <source>data on a &apos;&gt;&apos; line, but the command before it takes none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/script.cpp" line="55"/>
        <source>the command on line %1 declares %2 bytes of data, this line has %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/script.cpp" line="64"/>
        <location filename="../modem/workflows/script.cpp" line="80"/>
        <source>the command needs its data on a &apos;&gt;&apos; line after it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/script.cpp" line="69"/>
        <source>file uploads cannot be scripted here; use the TLS wizard</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::Sequence</name>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="149"/>
        <source>the quoted text has no closing quote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="153"/>
        <source>text after the closing quote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="166"/>
        <source>a value is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="184"/>
        <source>&quot;%1&quot; is not a hexadecimal digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="196"/>
        <source>an odd number of hexadecimal digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="221"/>
        <source>a delay is a number with a unit: 500ms, 5s or 2m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="223"/>
        <source>a timeout is a number with a unit: 500ms, 5s or 2m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="230"/>
        <source>a delay of more than an hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="231"/>
        <source>a timeout of more than an hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="282"/>
        <source>line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="386"/>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="390"/>
        <source>%1 is too large for a sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="411"/>
        <location filename="../modem/workflows/sequence.cpp" line="417"/>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="462"/>
        <source>an empty command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="479"/>
        <source>the name comes before the first step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="486"/>
        <source>&quot;%1&quot; is not a command: a step starts with AT (or a quoted command), and its attributes are indented</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="493"/>
        <source>an attribute before the first step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="504"/>
        <source>a second data attribute for this step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="521"/>
        <source>data is &quot;quoted text&quot;, hex &lt;bytes&gt; or file &lt;path&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="528"/>
        <source>an expectation is one line; repeat expect for more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="533"/>
        <source>a second timeout for this step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="541"/>
        <source>a second delay for this step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="549"/>
        <source>a second note for this step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="559"/>
        <source>unknown attribute &quot;%1&quot; (data, expect, timeout, delay or note)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="663"/>
        <source>a backslash at the end: write \\ for a backslash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="689"/>
        <source>\x needs two hexadecimal digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequence.cpp" line="700"/>
        <source>unknown escape \%1 (use \r \n \t \&quot; \\ or \xNN)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::SequenceModel</name>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="48"/>
        <source>file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="56"/>
        <source>(succeeds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="64"/>
        <source>auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="66"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="67"/>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/sequencemodel.cpp" line="100"/>
        <source>%n byte(s): %1</source>
        <translation>
            <numerusform>%n byte: %1</numerusform>
            <numerusform>%n bytes: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="102"/>
        <source>The command succeeds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="121"/>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="123"/>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="125"/>
        <source>Expect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="127"/>
        <source>Timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="129"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::SequenceReportModel</name>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="186"/>
        <source>running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="188"/>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="190"/>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="192"/>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="199"/>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="246"/>
        <source>Also received:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="267"/>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="269"/>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="271"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="273"/>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencemodel.cpp" line="275"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::SequenceRunner</name>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="164"/>
        <source>expected %1, not seen within %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="298"/>
        <source>cannot read the data file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="311"/>
        <source>not connected: open a port first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="387"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="408"/>
        <location filename="../modem/workflows/sequencerunner.cpp" line="461"/>
        <source>as expected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="412"/>
        <source>%1 — expected %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="435"/>
        <source>expected %1, got %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="436"/>
        <source>expected %1, got %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="524"/>
        <source>stopped; the command still finishes on the channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="524"/>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="552"/>
        <source>the step has no command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="554"/>
        <source>a command is one line: it holds a line break</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/sequencerunner.cpp" line="559"/>
        <source>this command asks for no data, so the step&apos;s %n byte(s) of data would not be sent</source>
        <translation>
            <numerusform>this command asks for no data, so the step&apos;s %n byte of data would not be sent</numerusform>
            <numerusform>this command asks for no data, so the step&apos;s %n bytes of data would not be sent</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="565"/>
        <location filename="../modem/workflows/sequencerunner.cpp" line="579"/>
        <source>the command declares %1 bytes of data, the step has %2 (write {size} to use the data&apos;s length)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="572"/>
        <source>the data holds Ctrl+Z (0x1A), which would end it early</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sequencerunner.cpp" line="576"/>
        <source>no data to upload</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::Session</name>
    <message>
        <location filename="../modem/io/session.cpp" line="78"/>
        <source>Cannot open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="59"/>
        <source>%1 open at %2 baud</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="77"/>
        <source>the device refused to open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="83"/>
        <source>the device closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="86"/>
        <source>%1 open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="107"/>
        <source>No journal for this session: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="172"/>
        <source>%1 closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="188"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="218"/>
        <source>%1 lost (%2); waiting for it to come back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="219"/>
        <source>%1 lost (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/io/session.cpp" line="284"/>
        <location filename="../modem/io/session.cpp" line="298"/>
        <source>Not connected: open a port first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::SessionExporter</name>
    <message>
        <location filename="../modem/workflows/sessionexport.cpp" line="315"/>
        <source>Cannot write the export: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sessionexport.cpp" line="441"/>
        <source>Traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/sessionexport.cpp" line="444"/>
        <source>%n frame(s) from %1 to %2.</source>
        <translation>
            <numerusform>%n frame from %1 to %2.</numerusform>
            <numerusform>%n frames from %1 to %2.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/sessionexport.cpp" line="447"/>
        <source>No frame in this range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sessionexport.cpp" line="450"/>
        <source>The first %1 rows of the traffic are shown; the rest are counted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/sessionexport.cpp" line="492"/>
        <source>The export was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::Timeline</name>
    <message numerus="yes">
        <location filename="../modem/workflows/timeline.cpp" line="65"/>
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n event</numerusform>
            <numerusform>%n events</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="76"/>
        <source>network closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="78"/>
        <source>network opening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="80"/>
        <location filename="../modem/workflows/timeline.cpp" line="559"/>
        <source>network open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="82"/>
        <source>network open failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="86"/>
        <source>network state unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="93"/>
        <source>MQTT idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="95"/>
        <source>MQTT connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="97"/>
        <location filename="../modem/workflows/timeline.cpp" line="561"/>
        <source>MQTT connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="99"/>
        <source>MQTT disconnecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="101"/>
        <source>MQTT disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="105"/>
        <source>MQTT state unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/timeline.cpp" line="112"/>
        <source>%n message(s) published</source>
        <translation>
            <numerusform>%n message published</numerusform>
            <numerusform>%n messages published</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/timeline.cpp" line="114"/>
        <source>%n publish(es) failed</source>
        <translation>
            <numerusform>%n publish failed</numerusform>
            <numerusform>%n publishes failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/timeline.cpp" line="116"/>
        <source>%n message(s) received</source>
        <translation>
            <numerusform>%n message received</numerusform>
            <numerusform>%n messages received</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/timeline.cpp" line="118"/>
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="122"/>
        <source>the module restarted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="211"/>
        <source>the module restarted (RDY)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="405"/>
        <location filename="../modem/workflows/timeline.cpp" line="516"/>
        <source>Module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="405"/>
        <location filename="../modem/workflows/timeline.cpp" line="516"/>
        <source>Slot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="433"/>
        <source>Slot %1: %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="519"/>
        <source>, first: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="536"/>
        <source>events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="541"/>
        <source>The log has no times: the axis counts events.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="542"/>
        <source>Shown: %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="560"/>
        <source>opening, connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="562"/>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="563"/>
        <source>published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="564"/>
        <source>received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/timeline.cpp" line="565"/>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::session::TlsProvisioner</name>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="44"/>
        <source>CA certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="46"/>
        <source>client certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="48"/>
        <source>client key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="75"/>
        <source>all supported suites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="100"/>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="119"/>
        <source>%1: not needed at this security level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="124"/>
        <source>%1 uploaded as %2: %3 bytes, checksum %4 matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="125"/>
        <source>%1 replaced %2: %3 bytes, checksum %4 matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="132"/>
        <source>%1: kept the module&apos;s %2 (its size is unknown; not verified)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="134"/>
        <source>%1: kept the module&apos;s %2 (%3 bytes, ours %4; not verified)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="140"/>
        <source>%1: not uploaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="145"/>
        <source>%n setting(s) written to SSL context %1</source>
        <translation>
            <numerusform>%n setting written to SSL context %1</numerusform>
            <numerusform>%n settings written to SSL context %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="148"/>
        <source>Client slot %1 uses SSL context %2. Next: AT+QMTOPEN=%1,&quot;&lt;host&gt;&quot;,8883, then AT+QMTCONN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="156"/>
        <source>Stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="196"/>
        <source>Choose the %1 file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="200"/>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="208"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="203"/>
        <source>Give the %1 a name on the module.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="213"/>
        <source>The %1 and the %2 have the same name on the module, %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="227"/>
        <source>The upload timeout must be 1-%1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="236"/>
        <source>Security level 0 checks no certificate: anyone can pretend to be the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="243"/>
        <source>Client slot %1 is open (%2:%3): the module refuses AT+QMTCFG while a connection exists. Disconnect and close it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="259"/>
        <source>The module already holds %1 (%2 bytes): you will be asked whether to replace it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="264"/>
        <source>Files in RAM: are lost when the module restarts: run the wizard again after a restart, or use UFS: names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="384"/>
        <source>The command could not be built.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="393"/>
        <source>The port is not open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="434"/>
        <source>Could not delete %1 on the module: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="464"/>
        <source>%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="499"/>
        <source>The module received only %1 of %2 bytes of %3 before its timeout (+CME ERROR: 421). Check the flow control and the baud rate, or raise the upload timeout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="505"/>
        <source>The upload of %1 timed out on the module (+CME ERROR: 421).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="511"/>
        <source>+CME ERROR: %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="517"/>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="529"/>
        <source>Uploading %1 as %2 failed: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="522"/>
        <source>Uploading %1 as %2 failed: ERROR, without a reason. The file may exist already; AT+CMEE=2 makes the module say why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="537"/>
        <source>The module answered OK to the upload of %1 without +QFUPL: &lt;size&gt;,&lt;checksum&gt;: it cannot be verified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="550"/>
        <source>The module stored %1 with %2 bytes and checksum %3, but the file has %4 bytes and checksum %5: the data was damaged on the way. Check the flow control and the baud rate, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="154"/>
        <location filename="../modem/workflows/tlsprovisioner.cpp" line="589"/>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::sim::DemoModule</name>
    <message>
        <location filename="../modem/sim/demomodule.cpp" line="29"/>
        <source>the demo&apos;s certificates could not be made: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/sim/demomodule.cpp" line="52"/>
        <source>no folder for the demo&apos;s certificates: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/sim/demomodule.cpp" line="69"/>
        <source>The demo&apos;s MQTT broker did not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/sim/demomodule.cpp" line="95"/>
        <source>The demo module has no pseudo-terminal: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::sim::Latency</name>
    <message>
        <location filename="../modem/sim/latency.cpp" line="64"/>
        <source>unknown latency %1 (use %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::sim::PtyServer</name>
    <message>
        <location filename="../modem/sim/ptyserver.cpp" line="50"/>
        <source>cannot create a pseudo-terminal: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/sim/ptyserver.cpp" line="95"/>
        <source>cannot create the link %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::sim::SimModule</name>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="283"/>
        <source>  drop &lt;idx&gt;            the slot&apos;s broker link breaks: +QMTSTAT: &lt;idx&gt;,1 (the broker sends the will)
  noping &lt;idx&gt;          pings go unanswered: +QMTSTAT: &lt;idx&gt;,2 after the qmtping interval
  lose &lt;idx&gt; &lt;n&gt;        the next &lt;n&gt; messages, either way, are lost: publishes are reported sent
                        but never reach the broker; messages from the broker never reach the host
  refuse &lt;idx&gt; &lt;code&gt;   the next AT+QMTCONN gets CONNACK &lt;code&gt; (2, 4 or 5), then +QMTSTAT: &lt;idx&gt;,4
  dns &lt;idx&gt;             the next AT+QMTOPEN fails to resolve: +QMTOPEN: &lt;idx&gt;,4
  pdp &lt;idx&gt;             the next AT+QMTOPEN fails to activate PDP: +QMTOPEN: &lt;idx&gt;,3
  tls &lt;idx&gt;             the next AT+QMTOPEN fails its TLS handshake: +QMTOPEN: &lt;idx&gt;,-1
  slow &lt;ms&gt;             every answer leaves &lt;ms&gt; later (0 to stop)
  latency &lt;air&gt;         air time of result URCs and received messages: 0, cat1, catm, nb or &lt;rtt ms&gt;[/&lt;jitter ms&gt;]
  urcfirst on|off       result URCs before OK (+QMTOPEN: 0,0 then OK)
  sim in|out            the SIM is there or not (AT+CPIN?: +CME ERROR: 10, no registration)
  network &lt;state&gt;       registration: home, roaming, searching, denied or none
  signal &lt;rssi&gt;         the signal AT+CSQ reports: 0-31 (weak below 10), 99 unknown
  pdprefuse on|off      the network refuses PDP contexts (+QMTOPEN: &lt;idx&gt;,3, +CME ERROR: 133)
  garbage [text]        bytes that are not AT traffic on the line
  reboot                the module restarts: RDY … APP RDY, all slots gone, echo on
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="308"/>
        <source>empty fault command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="313"/>
        <source>%1 needs a client index 0-5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="326"/>
        <source>lose needs a client index 0-5 and a number of messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="332"/>
        <source>refuse needs a client index 0-5 and a CONNACK code 1-5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="342"/>
        <source>slow needs a delay in milliseconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="353"/>
        <source>sim needs in or out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="366"/>
        <source>network needs home, roaming, searching, denied or none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="374"/>
        <source>signal needs an rssi 0-31 or 99</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="379"/>
        <source>pdprefuse needs on or off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="384"/>
        <source>urcfirst needs on or off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/sim/simmodule.cpp" line="391"/>
        <source>unknown fault %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::spec</name>
    <message>
        <location filename="../modem/at/spec.cpp" line="24"/>
        <source>The connection was closed or reset by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="25"/>
        <source>Reopen the network with AT+QMTOPEN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="26"/>
        <source>Another client connected with the same client ID; the server&apos;s idle limit passed without a ping (keep-alive too long or 0); the client did something the server&apos;s policy forbids (a topic it may not publish to); the server restarted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="30"/>
        <source>Sending PINGREQ timed out or failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="31"/>
        <source>Deactivate and reactivate the PDP context (AT+QIDEACT, AT+QIACT), then reopen with AT+QMTOPEN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="34"/>
        <source>The path to the server is gone: coverage was lost, the PDP context was deactivated, or the carrier&apos;s NAT dropped the idle connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="37"/>
        <source>Sending CONNECT timed out or failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="38"/>
        <location filename="../modem/at/spec.cpp" line="45"/>
        <source>Check the user name and password and that the client ID is not in use, then reopen with AT+QMTOPEN and connect again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="41"/>
        <source>Wrong credentials or a client ID already in use; the server did not answer within pkt_timeout; the link dropped while connecting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="44"/>
        <source>Receiving CONNACK timed out or failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="48"/>
        <source>The server refused the connection (see the CONNACK code of +QMTCONN) or did not answer within pkt_timeout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="52"/>
        <source>The client sent DISCONNECT and the server closed the link (normal sequence)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="55"/>
        <source>Sending packets kept failing, so the client disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="56"/>
        <source>Check the data; the network may be congested. Reopen with AT+QMTOPEN and connect again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="59"/>
        <source>A congested or failing network; packets the server does not acknowledge (too large, or refused by its policy).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="62"/>
        <source>The link is not working or the server is unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="63"/>
        <source>Check that the link and the server are available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="64"/>
        <source>No coverage, the PDP context was deactivated, or the server is down or unreachable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="66"/>
        <source>The client disconnected actively</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="67"/>
        <source>Reconnect: AT+QMTOPEN, then AT+QMTCONN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="68"/>
        <source>The host closed the client (AT+QMTDISC, AT+QMTCLOSE), or the module closed it itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="75"/>
        <source>Failed to open the network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="76"/>
        <source>Check the host, the port and the PDP context. A failed TLS handshake also shows as -1: check the SSL context (certificates, seclevel, SNI, time).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="79"/>
        <source>The server is not listening on that port or a firewall blocks it; the PDP context is not active; with TLS, the handshake failed: no or wrong CA certificate, a client certificate the server refuses, SNI needed, or the module&apos;s clock outside the certificate&apos;s validity.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="84"/>
        <source>Network opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="85"/>
        <source>Wrong parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="86"/>
        <source>Check the host name and the port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="87"/>
        <source>The host is empty or longer than 100 bytes, or the port is outside 1-65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="89"/>
        <source>The client index is occupied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="90"/>
        <source>Close the slot with AT+QMTCLOSE first, or use another client index.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="91"/>
        <source>An earlier AT+QMTOPEN on this index was never closed (the host restarted, the module did not).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="94"/>
        <source>Failed to activate the PDP context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="95"/>
        <source>Check the APN (AT+QICSGP) and activate the context named by &quot;pdpcid&quot; with AT+QIACT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="98"/>
        <source>A wrong or missing APN, a SIM without data service, the module not registered on the network, or &quot;pdpcid&quot; naming a context that is not defined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="101"/>
        <source>Failed to resolve the domain name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="102"/>
        <source>Check the host name and the DNS servers; try the IP address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="103"/>
        <source>A misspelled host name (typographic quotes pasted from a document count), DNS servers that cannot be reached, or no working data connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="106"/>
        <source>The network was disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="107"/>
        <source>Check the network registration and the PDP context, then reopen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="108"/>
        <source>Coverage was lost or the PDP context was deactivated while the network was opening.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="115"/>
        <source>Failed to close or disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="116"/>
        <source>Query the slot with AT+QMTOPEN? and AT+QMTCONN?, then retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="117"/>
        <source>The slot was not open or not connected, or the link was already gone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="118"/>
        <source>Closed or disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="124"/>
        <source>Packet sent and acknowledged by the server (QoS 0 needs no acknowledgement)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="127"/>
        <source>Packet is being retransmitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="128"/>
        <source>The server has not acknowledged yet; check the connection and wait.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="129"/>
        <source>The server did not acknowledge within pkt_timeout: a slow or congested network, or a busy server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="132"/>
        <source>Failed to send the packet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="133"/>
        <source>Check the connection (AT+QMTCONN?) and the &quot;timeout&quot; configuration, then reconnect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="136"/>
        <source>The connection was lost, or the server never acknowledged after retry_times retransmissions (for example a topic its policy refuses).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="143"/>
        <source>Connection accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="144"/>
        <source>Connection refused: unacceptable protocol version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="145"/>
        <source>Set the protocol version with AT+QMTCFG=&quot;version&quot; (3 = MQTT 3.1, 4 = MQTT 3.1.1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="147"/>
        <source>The server does not speak the MQTT version the slot is configured for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="149"/>
        <source>Connection refused: identifier rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="150"/>
        <source>Use a client ID the server accepts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="151"/>
        <source>The client ID is empty, too long, has characters the server refuses, or does not follow the format the cloud requires.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="154"/>
        <source>Connection refused: server unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="155"/>
        <source>Check the server and retry later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="156"/>
        <source>The MQTT service is down or overloaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="157"/>
        <source>Connection refused: bad user name or password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="158"/>
        <source>Check the user name and password (or the &quot;aliauth&quot; credentials).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="159"/>
        <source>A wrong user name or password, an expired token, or wrong &quot;aliauth&quot; credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="161"/>
        <source>Connection refused: not authorized</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="162"/>
        <source>Check the credentials, the certificates and the server&apos;s policy for this client ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="164"/>
        <source>The server knows the client but its policy does not allow it: missing or wrong credentials, a certificate not attached to a policy, or a client ID the policy does not allow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="172"/>
        <source>MQTT initializing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="173"/>
        <source>MQTT connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="174"/>
        <source>MQTT connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="175"/>
        <source>MQTT disconnecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="180"/>
        <source>Invalid input value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="181"/>
        <source>Check the command&apos;s values against the FILE AT manual.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="182"/>
        <source>Larger than the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="183"/>
        <source>Stay within the file&apos;s size (AT+QFLST shows it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="184"/>
        <source>Read zero bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="185"/>
        <source>Check that the file holds data (AT+QFLST) and the read position.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="187"/>
        <source>Drive full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="188"/>
        <location filename="../modem/at/spec.cpp" line="222"/>
        <source>Delete files with AT+QFDEL; AT+QFLDS shows the free space.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="189"/>
        <location filename="../modem/at/spec.cpp" line="223"/>
        <source>Earlier uploads fill the storage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="190"/>
        <source>File not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="191"/>
        <source>Check the name and its RAM:/UFS: prefix with AT+QFLST=&quot;*&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="192"/>
        <source>A misspelled name or a missing RAM:/UFS: prefix, or a RAM: file lost when the module restarted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="195"/>
        <source>Invalid file name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="196"/>
        <source>Use at most 80 bytes, optionally prefixed with RAM: or UFS:.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="197"/>
        <source>File already exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="198"/>
        <source>Delete it first with AT+QFDEL or choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="199"/>
        <source>An earlier upload of the same name is still there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="200"/>
        <source>Failed to write the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="201"/>
        <source>Check the free space (AT+QFLDS), delete the file and upload it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="203"/>
        <source>Failed to open the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="204"/>
        <source>Check the name with AT+QFLST=&quot;*&quot; and close files left open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="206"/>
        <source>Failed to read the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="207"/>
        <source>Retry; if it fails again, delete the file and upload it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="209"/>
        <source>Too many open files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="210"/>
        <source>Close the files you no longer need (AT+QFCLOSE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="211"/>
        <source>Read-only file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="212"/>
        <source>Write to another file, or delete this one first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="213"/>
        <source>Invalid file descriptor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="214"/>
        <source>Use the handle AT+QFOPEN returned, before AT+QFCLOSE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="215"/>
        <source>Failed to list the files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="216"/>
        <source>Retry AT+QFLST and check the storage name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="217"/>
        <source>Failed to delete the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="218"/>
        <source>Check the name with AT+QFLST=&quot;*&quot; and close the file first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="219"/>
        <source>Failed to get the disk information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="220"/>
        <source>Retry AT+QFLDS with the storage name (&quot;UFS&quot; or &quot;RAM&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="221"/>
        <source>No space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="224"/>
        <source>Time-out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="225"/>
        <source>Send exactly the declared number of bytes before the timeout, or raise the timeout. The module keeps what it received: check +QFUPL and delete the partial file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="228"/>
        <source>Fewer bytes than declared arrived before the timeout: a wrong size in AT+QFUPL, a host that stopped sending, or a terminal that changed the line ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="231"/>
        <source>File too large</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="232"/>
        <source>Check the declared size against the free space (AT+QFLDS).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="233"/>
        <source>Invalid parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="234"/>
        <source>Check the file name, size, timeout and ackmode of the command.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="236"/>
        <source>File already open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="237"/>
        <source>Close the file before using it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="243"/>
        <source>Operation not allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="244"/>
        <source>Check that the command is allowed in the module&apos;s present state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="245"/>
        <source>The command does not fit the present state: a setting changed while the client is open or connected, a slot already in use, or a command sent too early after power-up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="249"/>
        <source>Operation not supported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="250"/>
        <source>Check the command against the module&apos;s own AT command manual.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="251"/>
        <source>The module or its firmware does not have this command or form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="252"/>
        <source>SIM not inserted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="253"/>
        <source>Insert the SIM and check it with AT+CPIN?.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="254"/>
        <source>No SIM, or a SIM that is not seated properly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="255"/>
        <source>No network service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="256"/>
        <source>Check the registration (AT+CEREG?, AT+CREG?), the signal (AT+CSQ) and that the radio is on (AT+CFUN?).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="258"/>
        <source>The module is not registered: no coverage, the radio switched off, registration denied, or no SIM.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="260"/>
        <source>Incorrect parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="261"/>
        <source>Check the command&apos;s parameters and their ranges (AT+&lt;command&gt;=?).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="263"/>
        <source>Requested service option not subscribed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="264"/>
        <source>Check the APN (AT+CGDCONT?, AT+QICSGP) with the operator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="265"/>
        <source>The network refused to activate the PDP context: a wrong or unsubscribed APN, or a SIM without data service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="271"/>
        <source>The keep-alive ping failed; the connection is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="272"/>
        <source>Reopen with AT+QMTOPEN and connect again; check the network and the keep-alive time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="275"/>
        <source>The path to the server is gone (coverage, PDP context), or the carrier&apos;s NAT dropped the idle connection before the ping.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::state</name>
    <message>
        <location filename="../modem/engine/slotstore.cpp" line="81"/>
        <location filename="../modem/engine/slotstore.cpp" line="82"/>
        <source>+CME ERROR: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/engine/slotstore.cpp" line="85"/>
        <source>The module answered ERROR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/engine/slotstore.cpp" line="87"/>
        <source>No answer within the command&apos;s response time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/engine/slotstore.cpp" line="92"/>
        <source>Result code %1 (not in the specification)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::state::MessageModel</name>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="149"/>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="149"/>
        <source>incomplete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="156"/>
        <source>Read from buffer %1 (receive mode 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="158"/>
        <source>&lt;payload_len&gt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="191"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="193"/>
        <source>Msg ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="195"/>
        <source>Topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="197"/>
        <source>Length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="199"/>
        <source>Payload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="201"/>
        <source>Complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="243"/>
        <source>Not JSON: %1 at byte %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="294"/>
        <source>Turn on msg_len_enable so that the module states each payload&apos;s length: AT+QMTCFG=&quot;recv/mode&quot;,%1,%2,1 (while the slot is not connected).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="299"/>
        <source>The payload may be cut: the +QMTRECV had no &lt;payload_len&gt;, so a payload that spans lines ends at the first line end. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/messagemodel.cpp" line="302"/>
        <source>The payload may be cut: it did not end where its &lt;payload_len&gt; of %1 bytes said, so it was taken up to the line end (%2 bytes).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::state::PeerMessageModel</name>
    <message>
        <location filename="../modem/models/peermessagemodel.cpp" line="59"/>
        <source>retained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/peermessagemodel.cpp" line="75"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/peermessagemodel.cpp" line="77"/>
        <source>Topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/peermessagemodel.cpp" line="79"/>
        <source>QoS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/peermessagemodel.cpp" line="81"/>
        <source>Retain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/peermessagemodel.cpp" line="83"/>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/peermessagemodel.cpp" line="85"/>
        <source>Payload</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::state::Refusal</name>
    <message>
        <location filename="../modem/engine/refusal.cpp" line="52"/>
        <source>Slot %1 is connected to the MQTT server: many settings can only be changed while the slot is closed (AT+QMTDISC=%1, AT+QMTCLOSE=%1 first).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/engine/refusal.cpp" line="58"/>
        <source>Slot %1 has its network open: many settings can only be changed while the slot is closed (AT+QMTCLOSE=%1 first).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/engine/refusal.cpp" line="70"/>
        <source>Slot %1 already has its network open%2: close it with AT+QMTCLOSE=%1 first, or use another slot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/engine/refusal.cpp" line="79"/>
        <source>Slot %1 is already connected to the MQTT server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/engine/refusal.cpp" line="83"/>
        <source>Slot %1 has no open network: open it with AT+QMTOPEN first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/engine/refusal.cpp" line="93"/>
        <source>Slot %1 is not connected to the MQTT server: connect it with AT+QMTCONN first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/engine/refusal.cpp" line="100"/>
        <source>Slot %1 has no open network to close.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::state::SlotTableModel</name>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="64"/>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="66"/>
        <source>opening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="68"/>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="70"/>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="72"/>
        <location filename="../modem/models/slottablemodel.cpp" line="91"/>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="81"/>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="83"/>
        <source>connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="85"/>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="87"/>
        <source>disconnecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="89"/>
        <source>disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="116"/>
        <source>context %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="116"/>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="169"/>
        <source>Slot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="171"/>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="173"/>
        <source>Host:port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="175"/>
        <source>MQTT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="177"/>
        <source>Client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="179"/>
        <source>SSL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="181"/>
        <source>Subscriptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="183"/>
        <source>In flight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="185"/>
        <source>Stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="187"/>
        <source>Published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="189"/>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/slottablemodel.cpp" line="191"/>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::state::SubscriptionModel</name>
    <message>
        <location filename="../modem/models/subscriptionmodel.cpp" line="113"/>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/subscriptionmodel.cpp" line="118"/>
        <source>The server granted a lower QoS than requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/subscriptionmodel.cpp" line="137"/>
        <source>Topic filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/subscriptionmodel.cpp" line="139"/>
        <source>Requested QoS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/subscriptionmodel.cpp" line="141"/>
        <source>Granted QoS</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::state::TextMatcher</name>
    <message>
        <location filename="../modem/models/textmatch.cpp" line="27"/>
        <source>Not a valid regular expression: %1 (at character %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::state::TrafficExporter</name>
    <message>
        <location filename="../modem/models/trafficexport.cpp" line="55"/>
        <source>An export is already running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficexport.cpp" line="60"/>
        <location filename="../modem/models/trafficexport.cpp" line="112"/>
        <location filename="../modem/models/trafficexport.cpp" line="123"/>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficexport.cpp" line="71"/>
        <source>The traffic changed (cleared or filtered) during the export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficexport.cpp" line="79"/>
        <source>Export cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficexport.cpp" line="98"/>
        <source>The traffic went away during the export</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::state::TrafficModel</name>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="234"/>
        <source>command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="236"/>
        <source>echo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="238"/>
        <source>prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="240"/>
        <source>data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="242"/>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="244"/>
        <source>ERROR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="246"/>
        <source>CME ERROR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="248"/>
        <source>CONNECT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="250"/>
        <source>response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="252"/>
        <source>URC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="254"/>
        <source>boot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="256"/>
        <source>text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="258"/>
        <source>not AT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="297"/>
        <source>sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="297"/>
        <source>received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="305"/>
        <source> … (cut for display)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="338"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="340"/>
        <source>Direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="342"/>
        <source>Slot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="344"/>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../modem/models/trafficmodel.cpp" line="346"/>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::ConnectBar</name>
    <message>
        <location filename="../ui/connectbar.cpp" line="231"/>
        <source>Demo: simulated Quectel module (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="234"/>
        <source>%1 [Quectel]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="268"/>
        <source>Description: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="270"/>
        <source>Manufacturer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="272"/>
        <source>Serial number: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="274"/>
        <source>USB %1:%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="278"/>
        <source>USB interface %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="281"/>
        <source>Quectel module: this is its AT command interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="282"/>
        <source>Quectel module: not its AT command interface (that is usually interface 2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="295"/>
        <source>%1 — not present (unplugged?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="298"/>
        <source>The port chosen last is not there now; it is kept chosen until it is back or another is chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="328"/>
        <source>&amp;Close Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="328"/>
        <source>&amp;Open Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="329"/>
        <source>Close %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="332"/>
        <source>Open the chosen port (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="334"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="334"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="355"/>
        <source>⚠ Not the AT interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="356"/>
        <source>⚠ Not the AT interface: &lt;a href=&quot;%1&quot;&gt;use %2&lt;/a&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="369"/>
        <source>&amp;Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="371"/>
        <source>Serial ports with their USB identity; Quectel modules in bold, their AT interface first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="373"/>
        <source>No serial port found: plug a module in, or try File → Demo Mode (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="375"/>
        <source>&amp;Rescan Ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="376"/>
        <source>Look for serial ports again (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="378"/>
        <source>&amp;Baud:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="379"/>
        <source>Bits per second; Quectel modules use 115200 by default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="380"/>
        <source>&amp;Flow:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="381"/>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="382"/>
        <source>Hardware (RTS/CTS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="383"/>
        <source>Software (XON/XOFF)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="384"/>
        <source>Reopen when it comes back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectbar.cpp" line="385"/>
        <source>When the port disappears (cable pulled, module restarting), open it again as soon as it is back</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::ConsoleDelegate</name>
    <message>
        <location filename="../ui/consoleview.cpp" line="185"/>
        <location filename="../ui/consoleview.cpp" line="186"/>
        <source>(nothing)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::ConsolePanel</name>
    <message>
        <location filename="../ui/consolepanel.cpp" line="343"/>
        <source>Hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="344"/>
        <source>Show the bytes of each frame in hexadecimal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="346"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="347"/>
        <source>Show when each frame was sent or received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="348"/>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="349"/>
        <source>Clear the console (Ctrl+L); the Traffic tab keeps every frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="363"/>
        <source>Append CR LF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="364"/>
        <source>Add a carriage return and line feed to the data (they count as two bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="368"/>
        <location filename="../ui/consolepanel.cpp" line="619"/>
        <source>AT command, e.g. AT+QMTOPEN?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="365"/>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="366"/>
        <source>Send the command (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="565"/>
        <location filename="../ui/consolepanel.cpp" line="581"/>
        <source>Not connected: open a port first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="630"/>
        <source>The module waits for the data of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="367"/>
        <location filename="../ui/consolepanel.cpp" line="616"/>
        <source>Data to write after the prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="350"/>
        <source>Find…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="351"/>
        <source>Find text in the console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="352"/>
        <source>Find next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="353"/>
        <source>Find previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="354"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="355"/>
        <source>Copy as hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="356"/>
        <source>Select all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="357"/>
        <source>Find in the console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="358"/>
        <source>Previous match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="359"/>
        <source>Next match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="360"/>
        <source>Match case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="361"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="362"/>
        <source>Close the find bar (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="468"/>
        <source>not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="470"/>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="505"/>
        <source>Send a value out of range?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="507"/>
        <source>The module is likely to refuse this command:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="508"/>
        <source>Send it anyway to see what the module does, or edit it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="512"/>
        <source>Send anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="514"/>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="518"/>
        <source>Don&apos;t ask again until QMT Scope is restarted</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/consolepanel.cpp" line="646"/>
        <source>%n byte(s) typed; Ctrl+Z is added to end the data</source>
        <translation>
            <numerusform>%n byte typed; Ctrl+Z is added to end the data</numerusform>
            <numerusform>%n bytes typed; Ctrl+Z is added to end the data</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="648"/>
        <source>%1 of %2 bytes declared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="650"/>
        <source>%1 of %2 bytes declared: the module waits for %3 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="656"/>
        <source>%1 of %2 bytes declared: the module drops the last %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/consolepanel.cpp" line="663"/>
        <source>(%n byte(s) written already)</source>
        <translation>
            <numerusform>(%n byte written already)</numerusform>
            <numerusform>(%n bytes written already)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="678"/>
        <source>Enter writes the data exactly as typed; the module answers OK and a result URC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="685"/>
        <source>Type an AT command: names complete as you type, ↑ and ↓ recall earlier commands, Enter sends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="695"/>
        <source>A command QMT Scope has no syntax for: it is sent as typed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="696"/>
        <source>Not an AT command: written to the module as typed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/consolepanel.cpp" line="727"/>
        <source>Out of range: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::DashboardPanel</name>
    <message>
        <location filename="../ui/dashboard.cpp" line="27"/>
        <location filename="../ui/dashboard.cpp" line="124"/>
        <source>MQTT client slots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dashboard.cpp" line="140"/>
        <source>Open the module&apos;s serial port, or start the demo, to use the slots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dashboard.cpp" line="152"/>
        <source>Next: “Publish…” to a topic you subscribed to; the message comes back to the slot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dashboard.cpp" line="154"/>
        <source>Next: “Subscribe…” to a topic, then publish to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dashboard.cpp" line="156"/>
        <source>Next: “Connect…” the slot to the broker as an MQTT client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dashboard.cpp" line="158"/>
        <source>Start with “Open network…” on a slot, then connect, subscribe and publish; click a slot for its messages.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::DiagnosisPanel</name>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="109"/>
        <location filename="../ui/diagnosispanel.cpp" line="113"/>
        <source>Save Timeline Picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="110"/>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="148"/>
        <source>The picture could not be written to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="190"/>
        <source>line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="197"/>
        <source>Log: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="219"/>
        <source>No failure found in this session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/diagnosispanel.cpp" line="220"/>
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/diagnosispanel.cpp" line="221"/>
        <source>%n finding(s) in all</source>
        <translation>
            <numerusform>%n finding in all</numerusform>
            <numerusform>%n findings in all</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="234"/>
        <source>Module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="234"/>
        <source>Slot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/diagnosispanel.cpp" line="243"/>
        <source>%1 (and %n more time(s))</source>
        <translation>
            <numerusform>%1 (and %n more time)</numerusform>
            <numerusform>%1 (and %n more times)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="255"/>
        <source>Seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="257"/>
        <source>After</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="259"/>
        <source>Means</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="260"/>
        <source>Likely</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="261"/>
        <source>Fix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="264"/>
        <source>Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/diagnosispanel.cpp" line="265"/>
        <source>seen %n more time(s) after this one, not listed again</source>
        <translation>
            <numerusform>seen %n more time after this one, not listed again</numerusform>
            <numerusform>seen %n more times after this one, not listed again</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="266"/>
        <source>; the last at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="275"/>
        <source>Copy Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="276"/>
        <source>Copy the diagnosis as text (no secrets)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="277"/>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="278"/>
        <source>Show the whole session (double-click the timeline, or press 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="280"/>
        <source>Save Picture…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="281"/>
        <source>Save the timeline as shown, as PNG or SVG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diagnosispanel.cpp" line="282"/>
        <source>Timeline — wheel: zoom, drag: pan, click a mark: its traffic row</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::ExportDialog</name>
    <message>
        <location filename="../ui/exportdialog.cpp" line="153"/>
        <location filename="../ui/exportdialog.cpp" line="249"/>
        <source>Export Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="154"/>
        <source>&amp;What:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="156"/>
        <source>&amp;Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="158"/>
        <source>Also &amp;hide:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="160"/>
        <source>Texts to write as ***, one per line (a client id, a host, a topic)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="161"/>
        <source>The &amp;whole session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="162"/>
        <source>From … &amp;to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="163"/>
        <source>&amp;Redact secrets: MQTT user names and passwords, device secrets, private keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="164"/>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="165"/>
        <source>Cancel Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="171"/>
        <source>This session (journal %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="174"/>
        <source>The opened journal %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="177"/>
        <source>The imported log %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="183"/>
        <source>Text log, one timestamped line per frame (.log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="185"/>
        <source>JSON Lines, one object per frame (.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="186"/>
        <source>HTML report: slots, timeline, findings, traffic (.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="190"/>
        <source>Nothing to export: open a port with the journal on (Settings), open a session journal or import a log first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="199"/>
        <source>This export will hold passwords, device secrets and private keys as they were sent. Share it only with people who may see them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="242"/>
        <source>Text logs (*.log *.txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="243"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="244"/>
        <source>HTML reports (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="273"/>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="322"/>
        <source>Exporting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="333"/>
        <source>Exported to %1, secrets redacted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="334"/>
        <source>Exported to %1, secrets included.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="335"/>
        <source>The export failed: %1 (nothing was written to %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::FaultMenu</name>
    <message>
        <location filename="../ui/faultmenu.cpp" line="44"/>
        <source>slot %1&apos;s broker link dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="49"/>
        <source>slot %1&apos;s pings go unanswered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="58"/>
        <source>slot %1 refuses its next CONNECT with code %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="69"/>
        <source>slot %1&apos;s next open fails: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="84"/>
        <source>the module answers %1 ms late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="84"/>
        <source>the module answers at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="91"/>
        <source>result URCs now come before OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="91"/>
        <source>result URCs now come after OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="96"/>
        <source>garbage sent on the line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="100"/>
        <source>the module restarts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="143"/>
        <source>Fault injected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="148"/>
        <source>F&amp;aults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="149"/>
        <source>&amp;Target Slot: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="152"/>
        <source>Slot &amp;%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="153"/>
        <source>&amp;Drop the Broker Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="154"/>
        <source>The connection to the broker breaks: +QMTSTAT: %1,1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="155"/>
        <source>Stop Answering &amp;Pings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="157"/>
        <source>The broker stops answering PINGREQ: +QMTSTAT: %1,2 after the ping interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="158"/>
        <source>&amp;Refuse the Next CONNECT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="162"/>
        <source>Code &amp;%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="164"/>
        <source>Next Open Fails: &amp;DNS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="166"/>
        <source>Next Open Fails: P&amp;DP Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="168"/>
        <source>Next Open Fails: &amp;TLS Handshake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="170"/>
        <source>&amp;Slow Responses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="173"/>
        <source>%1 ms Late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="174"/>
        <source>&amp;Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="175"/>
        <source>Result &amp;URC Before OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="176"/>
        <source>Send &amp;Garbage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/faultmenu.cpp" line="177"/>
        <source>Re&amp;boot the Module</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::FormWidget</name>
    <message>
        <location filename="../ui/formwidget.cpp" line="301"/>
        <source>Set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="302"/>
        <source>Read back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="304"/>
        <source>The command with the value omitted: the module answers with what it holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="308"/>
        <source>%1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="312"/>
        <source>A secret: shown masked and never remembered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="315"/>
        <source>This command has no parameters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="316"/>
        <source>AT text:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="317"/>
        <source>Correct the marked field to see the command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="318"/>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="319"/>
        <source>Add to sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="320"/>
        <source>Append this command to the sequence, expecting its success answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="447"/>
        <source>%1 must be within %2: %3 is outside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="458"/>
        <source>%1 is not valid hex: write two digits per byte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="501"/>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="504"/>
        <source>Range reported by the module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="505"/>
        <source>Range from the specification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="559"/>
        <source>Bytes sent after CONNECT: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="560"/>
        <source>Bytes written after the &gt; prompt: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="568"/>
        <source>This command cannot be built</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="576"/>
        <source>%1 is outside %2: set to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="584"/>
        <source>Send to the module (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="584"/>
        <source>Open a port first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="651"/>
        <location filename="../ui/formwidget.cpp" line="656"/>
        <source>Not connected: open a port first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="667"/>
        <source>Sent; waiting for the answer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="689"/>
        <source>Added as step %1 of the sequence; it expects %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="699"/>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="700"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formwidget.cpp" line="701"/>
        <source>Last result: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::FormsPanel</name>
    <message>
        <location filename="../ui/formspanel.cpp" line="197"/>
        <source>Search commands (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="198"/>
        <source>Configuration of client:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="199"/>
        <source>The client (client_idx) whose AT+QMTCFG settings to read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="200"/>
        <source>Read from module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="201"/>
        <source>Read every AT+QMTCFG setting of this client back and fill the forms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="322"/>
        <source>Ranges: the module&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="322"/>
        <source>Ranges: the specification&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="324"/>
        <source>Inputs are limited by what the module answered to the test forms (=?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="325"/>
        <source>Not connected: inputs are limited by PROTOCOL.md&apos;s ranges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="335"/>
        <source>Not connected: open a port first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="348"/>
        <source>Nothing was sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="357"/>
        <source>Reading the configuration of client %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="373"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="394"/>
        <source>The forms show the configuration of client %1 as the module holds it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formspanel.cpp" line="397"/>
        <source>Read %1 of %2 settings of client %3; %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::ImportLinesModel</name>
    <message>
        <location filename="../ui/importreport.cpp" line="82"/>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/importreport.cpp" line="84"/>
        <source>In the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/importreport.cpp" line="86"/>
        <source>Read as</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::ImportReport</name>
    <message>
        <location filename="../ui/importreport.cpp" line="148"/>
        <source>Imported log — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/importreport.cpp" line="150"/>
        <source>Double-click a line to see its traffic.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/importreport.cpp" line="152"/>
        <source>Only lines that need a look (not understood, data left out, lengths that differ)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::JournalSettingsDialog</name>
    <message>
        <location filename="../ui/journalsettings.cpp" line="66"/>
        <source>Where Journals Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="82"/>
        <source>Journal Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="83"/>
        <source>&amp;Write a journal of every session (every byte, both ways, on disk as it comes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="84"/>
        <source>&amp;Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="86"/>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="87"/>
        <source>&amp;Keep for:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="89"/>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="90"/>
        <source>ever</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="91"/>
        <source>&amp;At most:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="93"/>
        <source> MB in all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="94"/>
        <source>When the journals take more room, or are older, the oldest are removed first (when a port opens, and now). A journal stops, with a message, at that size or when its disk has less than %1 MB free; the session goes on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/journalsettings.cpp" line="104"/>
        <source>The folder %1 cannot be made; choose another.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="510"/>
        <source>About QMT Scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="511"/>
        <source>&lt;h3&gt;QMT Scope %1&lt;/h3&gt;&lt;p&gt;A diagnostic tool for the MQTT AT commands of Quectel LTE modules (EC2x, EG2x, EG9x, EM05, EP200F): the six client slots live, every result and error code in words with its fix, command forms, sequences, TLS set-up, and a simulated module for demos.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="656"/>
        <source>Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="657"/>
        <source>Traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="658"/>
        <source>Forms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="659"/>
        <source>Sequences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="665"/>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="666"/>
        <source>&amp;Connection Bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="668"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="874"/>
        <source>&amp;Demo Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="877"/>
        <source>Start a simulated module with its own MQTT broker and connect to it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="692"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="554"/>
        <source>The journal goes on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="596"/>
        <source>Journal stopped — &lt;a href=&quot;resume&quot;&gt;Resume&lt;/a&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="598"/>
        <source>Journal %1 MB — disk nearly full (%2 MB free)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="694"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="695"/>
        <source>&amp;Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="695"/>
        <source>&amp;Traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="695"/>
        <source>&amp;Forms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="696"/>
        <source>&amp;Sequences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="699"/>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="703"/>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="704"/>
        <source>&amp;TLS Wizard…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="705"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="706"/>
        <source>&amp;About QMT Scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="707"/>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="709"/>
        <source>QMT Scope — demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="709"/>
        <source>QMT Scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="790"/>
        <source>%1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="821"/>
        <source>Starting the demo: a simulated module and its MQTT broker…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="456"/>
        <source>Demo mode did not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="209"/>
        <location filename="../ui/mainwindow.cpp" line="211"/>
        <source>Cannot import %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="211"/>
        <location filename="../ui/mainwindow.cpp" line="418"/>
        <source>Import a Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="216"/>
        <source>it is a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="225"/>
        <source>it is larger than 1 GB; cut it, or read it with qmtscope-cli decode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="231"/>
        <source>it holds binary data, not text (is it the right file?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="243"/>
        <source>Imported %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="279"/>
        <source>%1 shows no command of the host: nothing to make a sequence of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="284"/>
        <source>Sequence from Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="285"/>
        <source>Replace the sequence being edited (%n step(s), not saved)?</source>
        <translation>
            <numerusform>Replace the sequence being edited (%n step, not saved)?</numerusform>
            <numerusform>Replace the sequence being edited (%n steps, not saved)?</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="288"/>
        <source>Reproduction of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="292"/>
        <source>%n step(s) from %1</source>
        <translation>
            <numerusform>%n step from %1</numerusform>
            <numerusform>%n steps from %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="295"/>
        <source>%n with data the log left out: fill it in before playing</source>
        <translation>
            <numerusform>%n with data the log left out: fill it in before playing</numerusform>
            <numerusform>%n with data the log left out: fill it in before playing</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="340"/>
        <source>the demo&apos;s simulated module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="341"/>
        <source>the module on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="390"/>
        <location filename="../ui/mainwindow.cpp" line="621"/>
        <source>Open a Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="391"/>
        <source>Session journals (*.qmtj);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="402"/>
        <source>Export Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="403"/>
        <source>Nothing to export yet: open a port (with the journal on), open a session journal or import a log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="419"/>
        <source>Logs (*.log *.txt *.md *.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="446"/>
        <source>The demo is starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="460"/>
        <source>The demo&apos;s MQTT broker stopped; stop and start demo mode again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="603"/>
        <source>Journal %1 MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="607"/>
        <source>Every byte of this session is written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="633"/>
        <source>Opened the session journal %1: %n chunk(s) replayed</source>
        <translation>
            <numerusform>Opened the session journal %1: %n chunk replayed</numerusform>
            <numerusform>Opened the session journal %1: %n chunks replayed</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="638"/>
        <source>Reading the session journal %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="660"/>
        <source>Diagnosis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="661"/>
        <source>Peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="663"/>
        <source>This computer as an MQTT client on the slot&apos;s broker: watch, publish, and check delivery end to end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="671"/>
        <source>&amp;Journal Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="672"/>
        <source>Where session journals go, how long they are kept, how much room they may take</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="674"/>
        <source>&amp;Export Session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="676"/>
        <source>Write this session, or a time range of it, as a text log, JSON Lines or an HTML report, with its secrets redacted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="678"/>
        <source>Open &amp;Session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="680"/>
        <source>Show a session journal again: the slots, the traffic and the diagnosis as they were</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="681"/>
        <source>&amp;Import Log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="683"/>
        <source>Show a customer&apos;s log: timestamps, markers, notes and hex dumps are understood</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="684"/>
        <source>Import &amp;Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="685"/>
        <source>Se&amp;quence from Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="687"/>
        <source>Turn the imported log into a sequence to play against a module or the demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="688"/>
        <source>Re&amp;produce Log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="689"/>
        <source>Play the imported log&apos;s commands against the module or the demo and compare the answers with the customer&apos;s, step by step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="696"/>
        <source>&amp;Diagnosis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="696"/>
        <source>&amp;Peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="838"/>
        <source>Demo mode: the simulated module is ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="839"/>
        <source>Demo mode: the simulated module is ready, without TLS: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="854"/>
        <source>Demo mode stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="874"/>
        <source>&amp;Demo Mode (starting…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="876"/>
        <source>The simulated module and its MQTT broker are starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="900"/>
        <source>Playing %n command(s)…</source>
        <translation>
            <numerusform>Playing %n command…</numerusform>
            <numerusform>Playing %n commands…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="907"/>
        <source>Script finished: %n command(s) failed</source>
        <translation>
            <numerusform>Script finished: %n command failed</numerusform>
            <numerusform>Script finished: %n commands failed</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="908"/>
        <source>Script finished: every command succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="950"/>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="951"/>
        <source>No port is open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="954"/>
        <source>Open: demo module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="954"/>
        <source>Open: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="955"/>
        <source>%1 at %2 baud</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="958"/>
        <source>Lost: %1 (waiting for it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="958"/>
        <source>Lost: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="971"/>
        <source>Module: asking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="971"/>
        <source>Module: unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="975"/>
        <source>Echo unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="975"/>
        <source>Echo on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="975"/>
        <source>Echo off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="976"/>
        <source>Whether the module echoes the commands it is sent (ATE1 / ATE0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="983"/>
        <source>Demo broker: 127.0.0.1:%1, TLS %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="986"/>
        <source>Slots with SSL go to its TLS listener (port %1), which requires a client certificate of the demo&apos;s CA: the TLS wizard and the §5.2 template offer the demo&apos;s files (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="991"/>
        <source>Demo broker: 127.0.0.1:%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="978"/>
        <source>The demo&apos;s own Mosquitto broker; any host name but localhost and IP addresses is sent there. Try: mosquitto_sub -p %1 -t &apos;#&apos; -v</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::PayloadEdit</name>
    <message>
        <location filename="../ui/formfields.cpp" line="203"/>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="204"/>
        <source>Hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="205"/>
        <source>Edit the bytes as UTF-8 text or as hex digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="206"/>
        <source>Load file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="207"/>
        <source>Take the bytes of a file (a certificate or a key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="262"/>
        <source>not valid hex: two digits per byte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="267"/>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="268"/>
        <source>%1 / %2 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="274"/>
        <source>Load a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="279"/>
        <source>cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::PeerPanel</name>
    <message>
        <location filename="../ui/peerpanel.cpp" line="145"/>
        <source>Connected to %1:%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="151"/>
        <source>The broker refused the connection: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="155"/>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="158"/>
        <source>Lost the broker: %1; trying again every 2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="185"/>
        <source>The broker refused the subscription to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="187"/>
        <source>Subscribed to %1 (QoS %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="410"/>
        <source>Save the Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="410"/>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="412"/>
        <source>Cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="415"/>
        <source>Save the Measurements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="416"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="419"/>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="440"/>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="440"/>
        <source>&amp;Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="445"/>
        <source>&amp;Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="445"/>
        <source>&amp;Run Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="448"/>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="449"/>
        <source>connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="450"/>
        <source>disconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="451"/>
        <source>not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="452"/>
        <source>Desktop client: %1%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="484"/>
        <source>Settings of slot %1 copied; enter its password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="485"/>
        <source>Settings of slot %1 copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="572"/>
        <source>Cannot subscribe to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="587"/>
        <source>Unsubscribed from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="594"/>
        <source>A topic to publish to has no wildcards (+, #)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="600"/>
        <source>Cannot publish: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="602"/>
        <source>Published %1 bytes to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="665"/>
        <source>Not JSON: %1 (at byte %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="677"/>
        <source>Connect the desktop client first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="690"/>
        <source>Choose at least one QoS level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="694"/>
        <source>Open the module&apos;s port (or the demo) first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="800"/>
        <source>Stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="801"/>
        <source>PASS: all %1 messages arrived intact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="802"/>
        <source>FAIL: %1 of %2 messages arrived intact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="805"/>
        <source>End-to-end check passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="805"/>
        <source>End-to-end check failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="835"/>
        <source>no measurements yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="856"/>
        <source>Broker:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="857"/>
        <source>Where this computer reaches the broker the slot uses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="858"/>
        <source>Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="859"/>
        <source>Client ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="861"/>
        <source>Must differ from the module&apos;s: the broker drops the older of two clients with one ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="862"/>
        <source>User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="863"/>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="864"/>
        <source>TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="865"/>
        <source>CA certificate (PEM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="866"/>
        <source>client certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="867"/>
        <source>client key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="869"/>
        <source>Slot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="870"/>
        <source>Copy from Slot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="872"/>
        <source>The broker, port, TLS and user of that slot (in demo mode: the demo&apos;s broker); secrets you have not typed here are not copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="874"/>
        <location filename="../ui/peerpanel.cpp" line="881"/>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="875"/>
        <source>End-to-End Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="876"/>
        <source>Subscribe to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="877"/>
        <source>A topic filter: + matches one level, # all below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="878"/>
        <source>Subscribe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="879"/>
        <source>Unsubscribe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="880"/>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="881"/>
        <source>Topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="882"/>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="883"/>
        <source>Hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="884"/>
        <source>JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="885"/>
        <source>Publish to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="886"/>
        <source>Retain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="887"/>
        <source>Message:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="888"/>
        <source>Publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="889"/>
        <source>Slot:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="890"/>
        <source>Messages:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="891"/>
        <source>Messages per direction and QoS, one at a time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="892"/>
        <source>Bytes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="893"/>
        <source>QoS:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="894"/>
        <source>Binary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="895"/>
        <source>Payloads with every byte value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="897"/>
        <source>The slot publishes on qmtscope/e2e/up and this client must receive each message intact; this client publishes on qmtscope/e2e/down and the slot must report it. A slot that is not connected is opened and connected first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="900"/>
        <source>Save Picture…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="901"/>
        <source>Save CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="902"/>
        <source>Latency (ms) · ↑ module → peer, ↓ peer → module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="904"/>
        <source>Per message: from the module&apos;s OK after the data (↑) or the desktop&apos;s publish (↓) to its arrival. The serial line&apos;s share is in the lines above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="906"/>
        <source>Messages per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="907"/>
        <source>message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/peerpanel.cpp" line="908"/>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::PortProblemDialog</name>
    <message>
        <location filename="../ui/portproblemdialog.cpp" line="116"/>
        <source>Port Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/portproblemdialog.cpp" line="117"/>
        <source>Port Problem: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/portproblemdialog.cpp" line="118"/>
        <source>In a terminal:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/portproblemdialog.cpp" line="119"/>
        <source>&amp;Copy Commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/portproblemdialog.cpp" line="120"/>
        <source>&amp;Use %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/portproblemdialog.cpp" line="121"/>
        <source>&amp;Try Again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::ReplayBar</name>
    <message>
        <location filename="../ui/replaybar.cpp" line="127"/>
        <source>%1  (reading: %2% of the journal)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/replaybar.cpp" line="129"/>
        <source>%1  (%2 s to the end)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/replaybar.cpp" line="134"/>
        <source>Replay:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/replaybar.cpp" line="137"/>
        <source>Pause the replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/replaybar.cpp" line="138"/>
        <source>Play the journal again from here at the chosen speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/replaybar.cpp" line="139"/>
        <source>Stop reading: show the session as it was at the moment reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/replaybar.cpp" line="140"/>
        <source>How many times faster than it happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/replaybar.cpp" line="142"/>
        <source>The session as it was at this moment: the slots, the traffic and the diagnosis</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::ReproduceDialog</name>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="126"/>
        <source>Step %1 of %2 played against %3…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/reproducedialog.cpp" line="136"/>
        <source>Playing %n step(s) against %1…</source>
        <translation>
            <numerusform>Playing %n step against %1…</numerusform>
            <numerusform>Playing %n steps against %1…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="164"/>
        <location filename="../ui/reproducedialog.cpp" line="187"/>
        <location filename="../ui/reproducedialog.cpp" line="199"/>
        <location filename="../ui/reproducedialog.cpp" line="232"/>
        <source>line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="220"/>
        <source>The first divergence</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/reproducedialog.cpp" line="229"/>
        <source>First divergence at step %1 (%2): %3 — %4 of %n step(s) answered alike.</source>
        <translation>
            <numerusform>First divergence at step %1 (%2): %3 — %4 of %n step answered alike.</numerusform>
            <numerusform>First divergence at step %1 (%2): %3 — %4 of %n steps answered alike.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/reproducedialog.cpp" line="239"/>
        <source>%1 answered as the log shows: %n step(s) alike.</source>
        <translation>
            <numerusform>%1 answered as the log shows: %n step alike.</numerusform>
            <numerusform>%1 answered as the log shows: %n steps alike.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="253"/>
        <source>%1 shows no command of the host: nothing to play.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="256"/>
        <source>Open the module&apos;s port, or start the demo (File &gt; Demo Mode), then press Play.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="258"/>
        <source>Press Play to send these commands and compare the answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="264"/>
        <source>Reproduce %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/reproducedialog.cpp" line="266"/>
        <source>%n command(s) of the host from %1; each step expects the customer&apos;s answer.</source>
        <translation>
            <numerusform>%n command of the host from %1; each step expects the customer&apos;s answer.</numerusform>
            <numerusform>%n commands of the host from %1; each step expects the customer&apos;s answer.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/reproducedialog.cpp" line="270"/>
        <source>%n step(s) send stand-in data: the log left it out.</source>
        <translation>
            <numerusform>%n step send stand-in data: the log left it out.</numerusform>
            <numerusform>%n steps send stand-in data: the log left it out.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="278"/>
        <source>Keep the log&apos;s pauses between commands (%1 s in all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="280"/>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="280"/>
        <source>The log (customer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="280"/>
        <source>Ours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="281"/>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="282"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="283"/>
        <source>Copy as Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reproducedialog.cpp" line="284"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::SequencePanel</name>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="181"/>
        <source>Load sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="181"/>
        <location filename="../ui/sequencepanel.cpp" line="705"/>
        <source>QMT Scope sequences (*.qmtseq);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="340"/>
        <source>Running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="383"/>
        <source>Run all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="384"/>
        <source>Run every step from the first; stops at the first unexpected answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="386"/>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="387"/>
        <source>Run the next step only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="388"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="389"/>
        <source>Stop the run; a command already sent still finishes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="390"/>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="391"/>
        <source>Add a step after the selected one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="392"/>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="393"/>
        <source>Edit the selected step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="394"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="395"/>
        <source>Remove the selected steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="396"/>
        <source>Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="397"/>
        <source>Move the step up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="398"/>
        <source>Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="399"/>
        <source>Move the step down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="400"/>
        <source>Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="401"/>
        <source>Save the sequence as a text file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="402"/>
        <source>Save as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="403"/>
        <source>Load…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="404"/>
        <source>Load a sequence file (.qmtseq)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="405"/>
        <source>Templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="406"/>
        <source>Start from one of the vendor note&apos;s sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="407"/>
        <source>Seed §5.1: MQTT without SSL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="622"/>
        <source>Seed §5.2: MQTT with SSL (needs your certificate files)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="409"/>
        <source>%v of %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="410"/>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="411"/>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="462"/>
        <source>New sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="467"/>
        <source>template</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/sequencepanel.cpp" line="470"/>
        <source>%1 · %n step(s)</source>
        <translation>
            <numerusform>%1 · %n step</numerusform>
            <numerusform>%1 · %n steps</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="584"/>
        <source>Step %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="586"/>
        <source>Stopped at step %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="601"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/sequencepanel.cpp" line="602"/>
        <source>All %n step(s) passed in %1.</source>
        <translation>
            <numerusform>All %n step passed in %1.</numerusform>
            <numerusform>All %n steps passed in %1.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="606"/>
        <source>Step %1 passed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="623"/>
        <source>Seed §5.2: MQTT with SSL (with the demo&apos;s certificates)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="632"/>
        <source>Replace the sequence?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="633"/>
        <source>The current sequence has changes that are not saved. Replace it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/sequencepanel.cpp" line="648"/>
        <source>… and %n more problem(s)</source>
        <translation>
            <numerusform>… and %n more problem</numerusform>
            <numerusform>… and %n more problems</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="649"/>
        <source>Cannot load %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="664"/>
        <source>Loaded %1. Its upload steps read %2, which are not next to it: save the sequence into the folder that holds those files (Save…), or edit those steps and choose your files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/sequencepanel.cpp" line="671"/>
        <source>Loaded %1: %n step(s). Its upload steps read the demo&apos;s certificates (%2); the demo&apos;s broker has a TLS listener that requires them.</source>
        <translation>
            <numerusform>Loaded %1: %n step. Its upload steps read the demo&apos;s certificates (%2); the demo&apos;s broker has a TLS listener that requires them.</numerusform>
            <numerusform>Loaded %1: %n steps. Its upload steps read the demo&apos;s certificates (%2); the demo&apos;s broker has a TLS listener that requires them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/sequencepanel.cpp" line="678"/>
        <source>Loaded %1: %n step(s).</source>
        <translation>
            <numerusform>Loaded %1: %n step.</numerusform>
            <numerusform>Loaded %1: %n steps.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="695"/>
        <location filename="../ui/sequencepanel.cpp" line="716"/>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencepanel.cpp" line="704"/>
        <source>Save sequence</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::SequenceStepDialog</name>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="139"/>
        <source>Sequence step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="140"/>
        <source>&amp;Command:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="141"/>
        <source>&amp;Data:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="142"/>
        <source>&amp;Expect:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="143"/>
        <source>&amp;Timeout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="144"/>
        <source>&amp;Note:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="145"/>
        <source>AT+QMTOPEN=0,&quot;broker.example.com&quot;,1883</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="146"/>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="147"/>
        <source>Hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="148"/>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="149"/>
        <source>How the data is given: text with the escapes \r \n \t \&quot; \\ \xNN, hexadecimal bytes, or a file read when the step runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="151"/>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="152"/>
        <source>One line each; every line must be seen in the answer or a URC. * matches anything, {size} and {checksum} stand for the data&apos;s. Empty: the command must succeed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="155"/>
        <source>auto (from the command)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="156"/>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="157"/>
        <source>What the step is for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="203"/>
        <source>This is test data\r\n</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="207"/>
        <source>41 54 0d 0a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="211"/>
        <source>cacert.pem (relative to the sequence file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="239"/>
        <source>Cannot read %1 now: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="262"/>
        <source>Data for the step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="263"/>
        <source>Certificates and keys (*.pem *.crt *.cer *.key *.der);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="324"/>
        <source>Choose the file the step sends, e.g. a certificate for AT+QFUPL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/sequencestepdialog.cpp" line="326"/>
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n byte</numerusform>
            <numerusform>%n bytes</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/sequencestepdialog.cpp" line="331"/>
        <source>Type the command line.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::SlotActionDialog</name>
    <message>
        <location filename="../ui/slotactions.cpp" line="133"/>
        <source>Slot %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="154"/>
        <source>&amp;Send</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::SlotActionRunner</name>
    <message>
        <location filename="../ui/slotactions.cpp" line="40"/>
        <source>Open network…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="42"/>
        <source>Connect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="44"/>
        <source>Subscribe…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="46"/>
        <source>Publish…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="48"/>
        <source>Unsubscribe…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="50"/>
        <source>Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="52"/>
        <source>Close network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="54"/>
        <source>Read stored messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="56"/>
        <source>Read configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="67"/>
        <source>Open a network connection to an MQTT broker (AT+QMTOPEN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="69"/>
        <source>Connect to the broker as an MQTT client (AT+QMTCONN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="71"/>
        <source>Subscribe to a topic filter (AT+QMTSUB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="73"/>
        <source>Publish a message (AT+QMTPUBEX)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="75"/>
        <source>Unsubscribe from a topic filter (AT+QMTUNS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="77"/>
        <source>Disconnect from the broker (AT+QMTDISC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="79"/>
        <source>Close the network connection (AT+QMTCLOSE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="81"/>
        <source>Read the messages the module stored in receive mode 1 (AT+QMTRECV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="83"/>
        <source>Ask the module for the slot&apos;s configuration and state (AT+QMTCFG read-backs, AT+QMTOPEN?, AT+QMTCONN?, AT+QMTRECV?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="201"/>
        <source>Demo mode: every host name except localhost and IP addresses reaches the demo&apos;s own broker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="292"/>
        <source>No port is open: open the module&apos;s port (or start the demo) first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotactions.cpp" line="296"/>
        <source>The session did not take the command</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::SlotCard</name>
    <message>
        <location filename="../ui/slotcard.cpp" line="143"/>
        <source>Click (or press Enter) for the slot&apos;s messages, subscriptions and configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="144"/>
        <source>MQTT client slot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="145"/>
        <source>Slot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="200"/>
        <source>Network (AT+QMTOPEN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="201"/>
        <source>MQTT connection (AT+QMTCONN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="146"/>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="147"/>
        <source>Everything this slot can do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="148"/>
        <source>Details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="149"/>
        <source>Messages, subscriptions and configuration of the slot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="164"/>
        <source>Broker:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="165"/>
        <source>Client ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="166"/>
        <source>Subscribed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="167"/>
        <source>Messages:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="168"/>
        <source>Last received:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="193"/>
        <source>network %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="194"/>
        <source>MQTT %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="197"/>
        <source>State unknown since the port was lost at %1: read the configuration to ask the module.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="211"/>
        <location filename="../ui/slotcard.cpp" line="215"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="213"/>
        <source>SSL context %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="213"/>
        <source>no SSL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="218"/>
        <source>%1 (QoS %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="221"/>
        <source>nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotcard.cpp" line="223"/>
        <source>%n published</source>
        <translation>
            <numerusform>%n published</numerusform>
            <numerusform>%n published</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotcard.cpp" line="224"/>
        <source>%n received</source>
        <translation>
            <numerusform>%n received</numerusform>
            <numerusform>%n received</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotcard.cpp" line="225"/>
        <source>%n in flight</source>
        <translation>
            <numerusform>%n in flight</numerusform>
            <numerusform>%n in flight</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotcard.cpp" line="227"/>
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="233"/>
        <source>none stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotcard.cpp" line="234"/>
        <source>%n stored (buffers %1)</source>
        <translation>
            <numerusform>%n stored (buffers %1)</numerusform>
            <numerusform>%n stored (buffers %1)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="239"/>
        <source>nothing yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="242"/>
        <source>%1  %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="249"/>
        <source>Last error — %1 %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="255"/>
        <source>— then %1 %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="261"/>
        <source>Fix: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="393"/>
        <source>Latest — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="394"/>
        <source>Latest — AT+%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="289"/>
        <source>Open the module&apos;s port first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="384"/>
        <source>%1 — waiting for the module…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="386"/>
        <source>%1 — %2 (%3 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotcard.cpp" line="388"/>
        <source>%1 — not sent: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::SlotDetailDialog</name>
    <message>
        <location filename="../ui/slotdetail.cpp" line="434"/>
        <source>Slot %1 — QMT Scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="435"/>
        <source>Slot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="436"/>
        <source>&amp;Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="437"/>
        <source>&amp;Hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="438"/>
        <source>&amp;JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="439"/>
        <source>The payload as UTF-8 text (Alt+T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="440"/>
        <source>The payload&apos;s bytes in hex (Alt+H)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="441"/>
        <source>The payload as indented JSON (Alt+J)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="442"/>
        <source>Select a message to see its payload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="443"/>
        <source>Copy payload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="445"/>
        <source>Copy the selected message&apos;s payload as text (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="447"/>
        <source>Copy topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="448"/>
        <source>Copy as hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="450"/>
        <source>Copy the payload&apos;s bytes in hex, a space between bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="451"/>
        <source>Copy as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="453"/>
        <source>Copy the payload as indented JSON, keys in the order sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="454"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="460"/>
        <source>As the traffic has shown it: values never read back or set are the module&apos;s power-up defaults. “Read configuration” asks the module.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="288"/>
        <source>network %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="289"/>
        <source>MQTT %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="294"/>
        <source>client ID %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotdetail.cpp" line="295"/>
        <source>%n published</source>
        <translation>
            <numerusform>%n published</numerusform>
            <numerusform>%n published</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotdetail.cpp" line="296"/>
        <source>%n received</source>
        <translation>
            <numerusform>%n received</numerusform>
            <numerusform>%n received</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotdetail.cpp" line="297"/>
        <source>%n in flight</source>
        <translation>
            <numerusform>%n in flight</numerusform>
            <numerusform>%n in flight</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/slotdetail.cpp" line="299"/>
        <source>%n stored</source>
        <translation>
            <numerusform>%n stored</numerusform>
            <numerusform>%n stored</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="303"/>
        <source>Last error — %1 %2: %3 (%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="308"/>
        <location filename="../ui/slotdetail.cpp" line="323"/>
        <source>Fix: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="310"/>
        <source>No error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="317"/>
        <source>Last +%1: %2,%3 — %4 (%5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="326"/>
        <source>No +QMTSTAT since the module started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="340"/>
        <source>&amp;Messages (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="341"/>
        <source>&amp;Subscriptions (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="342"/>
        <source>&amp;Configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="398"/>
        <source>%1 · %2 · length %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="402"/>
        <source>&lt;payload_len&gt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="403"/>
        <source>msg ID %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="405"/>
        <source>from buffer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/slotdetail.cpp" line="411"/>
        <source>Incomplete. %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::TimelineView</name>
    <message>
        <location filename="../ui/timelineview.cpp" line="114"/>
        <source>The timeline fills as the session runs or a log is read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsFilesPage</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="162"/>
        <source>Certificate files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="164"/>
        <source>Choose what your MQTT server asks for. Each file is checked here, then uploaded to the module with AT+QFUPL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="174"/>
        <source>0 — encryption only, no certificate checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="175"/>
        <source>1 — verify the server (CA certificate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="176"/>
        <source>2 — verify the server and the client (CA, client certificate and key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="177"/>
        <source>&amp;Security level:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="189"/>
        <source>PEM private key, e.g. client.key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="190"/>
        <source>PEM certificate, e.g. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="193"/>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="208"/>
        <source>Use the demo&apos;s certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="210"/>
        <source>The CA, client certificate and key the demo made at start; its broker&apos;s TLS listener requires that client certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="225"/>
        <source>The broker checks client certificates with this &amp;CA too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="227"/>
        <source>The module uses the CA certificate only to check the server. Tick this if the broker also checks the client certificate against it (one CA for both, as in most private set-ups): then a client certificate from another CA stops the upload.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="247"/>
        <source>Upload despite these &amp;warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="254"/>
        <source>Keys encrypted with a passphrase cannot be used: the module has no way to enter one. Only the file paths are remembered, never their contents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="292"/>
        <source>No module is connected: you can prepare the files, but the upload needs an open port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="330"/>
        <source>Private keys (*.key *.pem);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="331"/>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="333"/>
        <source>Choose the %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="352"/>
        <source>Not needed at security level %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="356"/>
        <source>There is no file %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsModulePage</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="439"/>
        <source>On the module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="440"/>
        <source>Where the files are stored, which SSL context gets them, and which MQTT client slot uses that context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="447"/>
        <source>RAM — lost when the module restarts (as in the vendor&apos;s example)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="449"/>
        <source>UFS — the module&apos;s flash, kept across restarts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="450"/>
        <source>S&amp;tore in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="455"/>
        <source>%1 as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="468"/>
        <source>SSL &amp;context:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="470"/>
        <source>&amp;Bind client slot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="479"/>
        <source>to this context (AT+QMTCFG=&quot;ssl&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsSettingsPage</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="578"/>
        <source>TLS settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="580"/>
        <source>The values of the vendor&apos;s AWS IoT example are preset. Upload starts when you go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="582"/>
        <source>&amp;Upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="588"/>
        <source>SSL 3.0 (insecure)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="589"/>
        <source>TLS 1.0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="590"/>
        <source>TLS 1.1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="591"/>
        <source>TLS 1.2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="592"/>
        <source>All — the module and the server agree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="594"/>
        <source>&amp;Version:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="609"/>
        <source>One suite, or 0XFFFF for every suite the module supports. Type another hex value if your module lists more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="611"/>
        <source>C&amp;ipher suite:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="613"/>
        <source>&amp;Ignore the certificates&apos; validity dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="618"/>
        <source>A module without network time often has a wrong clock and would refuse valid certificates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="624"/>
        <source>Leave the module&apos;s setting (not sent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="625"/>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="626"/>
        <source>On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="627"/>
        <source>Server &amp;name indication:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="629"/>
        <source>Turn it on when the server&apos;s address is shared by several host names, as with most cloud MQTT services.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="635"/>
        <source>What will be sent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="702"/>
        <source>The cipher suite must be a hex value from 0X0000 to 0XFFFF, e.g. 0XC02F.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="705"/>
        <source>No module is connected: open a port first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsSummaryPage</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="944"/>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="952"/>
        <source>Commands that answered OK:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="966"/>
        <source>RAM: files are gone after the module restarts: run this wizard again then.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsUploadPage</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="737"/>
        <source>Upload and configure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="738"/>
        <source>Each file is uploaded with AT+QFUPL; the module&apos;s checksum must match ours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="746"/>
        <location filename="../ui/tlswizard.cpp" line="904"/>
        <source>%v of %m bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="765"/>
        <source>&amp;Delete and retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="767"/>
        <source>&amp;Keep the module&apos;s file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="769"/>
        <source>&amp;Stop here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="782"/>
        <source>&amp;Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="815"/>
        <source>Uploading the %1 as %2 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="816"/>
        <source>→ %1 (%2 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="825"/>
        <source>module %1 / ours %2 ✓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="827"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="832"/>
        <source>The module already has a file %1. Delete it and upload the %2 again, or keep the module&apos;s file (it cannot be verified)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="837"/>
        <source>%1 already exists on the module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="841"/>
        <source>%1 deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="845"/>
        <source>kept the module&apos;s file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="846"/>
        <source>kept the module&apos;s file, %1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="849"/>
        <source>kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="850"/>
        <source>%1 kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="853"/>
        <source>%1 → OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="856"/>
        <source>stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="859"/>
        <source>Stopped. Nothing more was sent to the module.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="860"/>
        <source>stopped by you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="869"/>
        <source>Done: client slot %1 uses SSL context %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="870"/>
        <source>Done: SSL context %1 is set up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="900"/>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="915"/>
        <source>No module is connected: open a port first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tlswizard.cpp" line="917"/>
        <source>The upload could not start.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::TlsWizard</name>
    <message>
        <location filename="../ui/tlswizard.cpp" line="985"/>
        <source>TLS wizard</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::TopicListEdit</name>
    <message>
        <location filename="../ui/formfields.cpp" line="292"/>
        <location filename="../ui/formfields.cpp" line="430"/>
        <source>Add topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="417"/>
        <source>topic filter, e.g. sensors/+/temperature or alerts/#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="418"/>
        <source>topic filter to unsubscribe from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="420"/>
        <source>Requested QoS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="421"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/formfields.cpp" line="422"/>
        <source>Remove this topic</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::TrafficFollower</name>
    <message>
        <location filename="../ui/trafficfollow.cpp" line="74"/>
        <source>Jump to end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficfollow.cpp" line="75"/>
        <source>Follow new traffic again (Ctrl+End)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::TrafficPanel</name>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="309"/>
        <source>Both directions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="310"/>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="311"/>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="312"/>
        <source>Show frames sent to the module, received from it, or both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="313"/>
        <source>All slots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="315"/>
        <source>Slot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="316"/>
        <source>No slot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="317"/>
        <source>Show the frames of one client slot (client_idx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="321"/>
        <source>Show every kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="322"/>
        <source>Only errors and URCs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="323"/>
        <source>Show only some kinds of frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="427"/>
        <source>Search with a regular expression (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="428"/>
        <source>Search text (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="326"/>
        <source>Shows only the frames whose text matches, over the whole session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="327"/>
        <source>Match case (otherwise A and a are the same letter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="328"/>
        <source>Regular expression (Perl syntax, e.g. QMTSTAT: [0-5],[1-7]), as qmtscope-cli search --regex takes it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="330"/>
        <location filename="../ui/trafficpanel.cpp" line="609"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="331"/>
        <source>Copy the selected rows (Ctrl+C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="332"/>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="333"/>
        <source>Write the rows shown to a text file (Ctrl+Shift+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="334"/>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="335"/>
        <source>Forget every frame recorded so far (the console is cleared too)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="356"/>
        <source>sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="356"/>
        <source>received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="336"/>
        <source>Cancel export</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/trafficpanel.cpp" line="288"/>
        <source>Exported %Ln row(s)</source>
        <translation>
            <numerusform>Exported %Ln row</numerusform>
            <numerusform>Exported %Ln rows</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="419"/>
        <source>Filtering…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="476"/>
        <source>That row is hidden by the filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="524"/>
        <source>The end of the session (its last %1 rows), shown while the whole journal is read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="527"/>
        <source>%1 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="529"/>
        <source>%1 of %2 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="542"/>
        <source>All kinds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="542"/>
        <source>Kinds: %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/trafficpanel.cpp" line="576"/>
        <source>Exporting %Ln row(s) to %1…</source>
        <translation>
            <numerusform>Exporting %Ln row to %1…</numerusform>
            <numerusform>Exporting %Ln rows to %1…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="596"/>
        <source>Export traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="597"/>
        <source>Text files (*.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="616"/>
        <source>Only slot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="621"/>
        <source>Only “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trafficpanel.cpp" line="627"/>
        <source>Show everything</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmt::ui::language</name>
    <message>
        <location filename="../ui/language.cpp" line="63"/>
        <source>System Language</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qmtscope-cli</name>
    <message>
        <location filename="../app/cli/main.cpp" line="33"/>
        <source>Usage: qmtscope-cli decode [--compact] [--include-secrets] [--explain | --raw] &lt;file | -&gt;
       qmtscope-cli diagnose [--json] [--html FILE] &lt;file | -&gt;   (see diagnose --help)
       qmtscope-cli timeline [--output FILE.svg|FILE.png] &lt;file | -&gt;   (see timeline --help)
       qmtscope-cli export [--format text|jsonl|html] [-o FILE] &lt;journal | log&gt;   (see export --help)
       qmtscope-cli search [--regex] [--slot N] [--dir rx|tx] &lt;text&gt; &lt;journal&gt;   (see search --help)
       qmtscope-cli reproduce &lt;log&gt; [--sequence-out FILE] [--sim | --port PATH] [--json]  (reproduce --help)
       qmtscope-cli e2e (--port PATH | --sim) --broker HOST:PORT [--slot N] [--qos Q]  (e2e --help)
       qmtscope-cli --help | --version
  Reads a transcript (raw bytes from a module, a session journal, or a log as people send them:
  timestamps, direction markers, notes, typographic quotes, hex dumps, data left
  out; - reads stdin), runs it through the QMT Scope pipeline and prints the
  final state of the six MQTT client slots as JSON. What the import had to fix
  or could not read is summed up on stderr, with line numbers.
  --explain  prints, per line of the file, how it was read, instead of the JSON
  --raw      feeds the bytes as they are, as a port gives them (no import)
  Exit status: 0 decoded, 1 usage error, 2 the file cannot be read.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="61"/>
        <source> (slot %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="65"/>
        <source>command %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="69"/>
        <source>prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/main.cpp" line="71"/>
        <source>data (%n byte(s))</source>
        <translation>
            <numerusform>data (%n byte)</numerusform>
            <numerusform>data (%n bytes)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="85"/>
        <source>text answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="87"/>
        <source>not AT traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="157"/>
        <source>no subcommand given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="180"/>
        <location filename="../app/cli/main.cpp" line="196"/>
        <location filename="../app/cli/diagnose.cpp" line="53"/>
        <location filename="../app/cli/reproduce.cpp" line="143"/>
        <location filename="../app/cli/e2e.cpp" line="229"/>
        <location filename="../app/cli/timeline.cpp" line="85"/>
        <location filename="../app/cli/export.cpp" line="102"/>
        <location filename="../app/cli/search.cpp" line="75"/>
        <source>unknown option %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="181"/>
        <source>unknown subcommand %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="201"/>
        <location filename="../app/cli/diagnose.cpp" line="58"/>
        <location filename="../app/cli/timeline.cpp" line="90"/>
        <location filename="../app/cli/export.cpp" line="107"/>
        <source>one file only; %1 is a second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="205"/>
        <source>decode needs a file (or - for stdin)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="208"/>
        <source>--explain reads a log; --raw does not</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="222"/>
        <source>--explain reads a log, not a journal</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/main.cpp" line="297"/>
        <source>qmtscope-cli: %n line(s) were not AT traffic (kept and counted)
</source>
        <translation>
            <numerusform>qmtscope-cli: %n line was not AT traffic (kept and counted)
</numerusform>
            <numerusform>qmtscope-cli: %n lines were not AT traffic (kept and counted)
</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/cli/diagnose.cpp" line="26"/>
        <source>Usage: qmtscope-cli diagnose [--json] [--html FILE] &lt;file | -&gt;
  Reads a log (as decode does), and names every failure it shows per slot, in
  time order: what happened, what it means, the likely causes, the fix and the
  command that caused it, with the lines of the file; then the patterns behind
  them (URCs on another port, data lengths, TLS without a CA, settings after
  connecting, keep-alive, client ids, PDP context, module restarts).
  --html FILE  also writes a one-file HTML report: the slots, the timeline,
               the findings and the log with its lines (no secrets).
  Exit status: 0 no error found, 3 errors found, 1 usage error, 2 a file
  cannot be read or written.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/diagnose.cpp" line="48"/>
        <source>--html needs a file name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/diagnose.cpp" line="62"/>
        <source>diagnose needs a file (or - for stdin)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/diagnose.cpp" line="91"/>
        <location filename="../app/cli/timeline.cpp" line="136"/>
        <location filename="../app/cli/export.cpp" line="135"/>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/diagnose.cpp" line="104"/>
        <source>line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliinput.cpp" line="18"/>
        <location filename="../app/cli/cliinput.cpp" line="24"/>
        <location filename="../app/cli/cliinput.cpp" line="37"/>
        <source>cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="69"/>
        <source>Usage: qmtscope-cli reproduce &lt;log&gt; [--sequence-out FILE.qmtseq]
                              [--sim | --port PATH [--baud N]] [--json]
                              [--max-delay DURATION] [--delay-scale X]
  Turns a customer&apos;s log into a sequence: the host&apos;s commands and data, the
  customer&apos;s answers (final result, information responses, the command&apos;s result
  URC) as expectations, the pauses between commands as delays. Data the log left
  out stays a placeholder, named in the step&apos;s note.
  --sequence-out FILE  writes the sequence (.qmtseq); without a run and without
                       this option the sequence is printed
  --sim                plays it against the simulated module (needs mosquitto: a
                       private broker on loopback stands in for every host; a log
                       that sets up TLS gets a TLS listener, and certificates of a
                       throw-away CA stand in for uploads the log left out)
  --port PATH          plays it against the module on this serial port
  --baud N             the port&apos;s speed (default 115200)
  --json               the comparison as JSON instead of two columns
  --max-delay D        caps each delay (500ms, 2s, 1m; 0: no delays)
  --delay-scale X      multiplies the log&apos;s pauses (0.1: ten times faster)
  Exit status: 0 no divergence (or nothing run), 1 usage error, 2 the log cannot be
  read or the sequence written, 3 the module or simulator cannot be reached,
  4 the answers diverge.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="120"/>
        <source>--sequence-out needs a file name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="123"/>
        <location filename="../app/cli/e2e.cpp" line="130"/>
        <source>--port needs a device path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="128"/>
        <location filename="../app/cli/e2e.cpp" line="135"/>
        <source>--baud needs a positive number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="132"/>
        <source>--max-delay needs a duration: 500ms, 2s or 1m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="140"/>
        <source>--delay-scale needs a number, 0 or more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="148"/>
        <source>one log only; %1 is a second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="153"/>
        <source>reproduce needs a log (or - for stdin)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="155"/>
        <source>--sim or --port, not both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="162"/>
        <source>qmtscope-cli: cannot read %1: %2
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="170"/>
        <source>qmtscope-cli: %1 shows no command of the host: nothing to reproduce
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="175"/>
        <source>Reproduction of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/reproduce.cpp" line="184"/>
        <source>qmtscope-cli: %n step(s) send placeholders for data the log left out (lines %1); fill them in the sequence
</source>
        <translation>
            <numerusform>qmtscope-cli: %n step sends placeholders for data the log left out (lines %1); fill them in the sequence
</numerusform>
            <numerusform>qmtscope-cli: %n steps send placeholders for data the log left out (lines %1); fill them in the sequence
</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="244"/>
        <source>qmtscope-cli: the log sets up TLS, but the simulator&apos;s certificates could not be made (%1): its TLS steps will differ
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clicommon.cpp" line="33"/>
        <source>qmtscope-cli: cannot start the simulator&apos;s MQTT broker (mosquitto): %1
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clicommon.cpp" line="45"/>
        <source>qmtscope-cli: cannot start the simulated module
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="256"/>
        <source>ours (simulated module)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/reproduce.cpp" line="262"/>
        <source>ours (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="25"/>
        <source>Usage: qmtscope-cli timeline [--output FILE.svg|FILE.png] [--width N] [--slot N]
                             [--from T] [--to T] &lt;file | -&gt;
  Reads a log (as decode does) and draws its timeline: per slot, the network and
  MQTT state over time, messages published and received, errors and restarts.
  --output  a .png or .svg file (default: SVG on stdout)
  --width   the picture&apos;s width in pixels (300-20000, default 1200)
  --slot    only this slot (0-5)
  --from, --to  the part shown: seconds from the log&apos;s start, or event numbers
            when the log has no times
  Exit status: 0 drawn, 1 usage error, 2 the file cannot be read or written.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="57"/>
        <source>--output needs a file name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="62"/>
        <source>--output must name a .svg or .png file, not %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="68"/>
        <source>--width takes a number of pixels from 300 to 20000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="75"/>
        <source>--slot takes a client_idx from 0 to 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="80"/>
        <source>%1 takes a number of seconds (or events) from 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="95"/>
        <source>timeline needs a file (or - for stdin)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="97"/>
        <source>--to must come after --from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/timeline.cpp" line="141"/>
        <source>%1: %2 × %3 pixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/export.cpp" line="46"/>
        <source>Usage: qmtscope-cli export [--format text|jsonl|html] [--output FILE] [--from TIME] [--to TIME]
                           [--hide TEXT]... [--include-secrets] &lt;journal or log | -&gt;
  Writes a session (a journal, or a log as decode reads it) or a time range of it:
    text   one timestamped line per frame (&quot;2026-12-05 01:22:23.123 TX: AT…&quot;), which
           File &gt; Import Log and decode read back;
    jsonl  one JSON object per frame: time, dir, slot, kind, command, fields, text;
    html   one file: the slots, the timeline, the findings with their fixes, the traffic.
  The format follows the output file&apos;s suffix when --format is not given (else text).
  --from/--to TIME  local date and time (2026-12-05T01:22:00) or seconds since the epoch;
                    frames from TIME (inclusive) to TIME (exclusive)
  Secrets are written as ***: AT+QMTCONN user names and passwords, aliauth device
  secrets, private keys uploaded with AT+QFUPL, and every TEXT given with --hide (also
  in hex and base64). --include-secrets writes them as they are.
  Exit status: 0 written, 1 usage error, 2 a file cannot be read or written.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/export.cpp" line="84"/>
        <source>--format is text, jsonl or html</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/export.cpp" line="88"/>
        <source>%1 needs a file name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/export.cpp" line="91"/>
        <source>--hide needs a text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/export.cpp" line="97"/>
        <source>%1 needs a time: 2026-12-05T01:22:00 or seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/export.cpp" line="112"/>
        <source>export needs a file (or - for stdin)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/search.cpp" line="23"/>
        <source>Usage: qmtscope-cli search [--regex] [--case] [--slot N] [--dir rx|tx] [--max N] [--json]
                           &lt;text&gt; &lt;journal&gt;
  Reads a whole session journal through the pipeline and prints every frame that holds
  the text (ASCII case ignored unless --case) or matches the regular expression, with
  its frame number (its row in the traffic view after File &gt; Open Session), time,
  direction, slot and text. Secrets are shown as the journal holds them.
  --slot N   frames of client slot N only     --dir rx|tx   received or sent only
  --max N    stops after N hits (default 1000)
  Exit status: 0 found, 3 nothing found, 1 usage error, 2 the journal cannot be read.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/search.cpp" line="59"/>
        <source>--slot is 0 to 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/search.cpp" line="64"/>
        <source>--max needs a number above 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/search.cpp" line="73"/>
        <source>--dir is rx or tx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/search.cpp" line="82"/>
        <source>search needs a text and a journal</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/search.cpp" line="122"/>
        <source>%n hit(s) in %1 frames</source>
        <translation>
            <numerusform>%n hit in %1 frames</numerusform>
            <numerusform>%n hits in %1 frames</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/cli/search.cpp" line="125"/>
        <source> (stopped at --max)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="49"/>
        <source>Usage: qmtscope-cli e2e (--port PATH [--baud N] | --sim) --broker HOST:PORT
                        [--slot N] [--topic T] [--count N] [--qos Q[,Q...]]
  Proves end-to-end delivery through the broker, both ways, and measures it: the
  desktop connects to the broker as a second MQTT client (the peer); the slot
  publishes on T/up and the peer must receive each message intact; the peer
  publishes on T/down and the slot must report it with +QMTRECV. One message at a
  time; latency from the module&apos;s OK after the data (or the peer&apos;s publish) to the
  arrival, the serial line&apos;s share shown apart. The slot is opened and connected
  first when it is not (to --module-broker, default --broker).
  --port PATH          the module&apos;s AT port      --baud N   its speed (115200)
  --sim                the simulated module in-process, with a private broker
                       (mosquitto); --broker is then not needed
  --sim-fault LINE     a fault for the simulator, e.g. &quot;lose 0 2&quot; (repeatable)
  --sim-latency AIR    the simulator&apos;s air time: 0 (default), cat1, catm, nb, &lt;ms&gt;
  --broker HOST:PORT   where the desktop reaches the broker
  --module-broker HOST:PORT  where the slot opens, when it is not open (default
                       --broker)
  --slot N             the MQTT client slot, 0-5 (default 0)
  --topic T            base topic (default qmtscope/e2e)
  --count N            messages per direction and QoS (default 10)
  --qos Q[,Q...]       QoS levels to check (default 0,1)
  --direction up|down|both   module → peer, peer → module, or both (default)
  --size N             payload bytes, 22 or more (default 32)
  --binary             payloads with every byte value
  --timeout SECONDS    per message (default 15)
  --client-id ID       the slot&apos;s client ID when it connects (qmtscope-e2e)
  --user U --password P   credentials, for the slot&apos;s connect and the peer&apos;s
  --ssl-ctx N          the slot opens with TLS on SSL context N (set up already)
  --ca FILE [--cert FILE --key FILE] [--insecure]   TLS for the peer
  --csv FILE           every message: direction, QoS, sequence, times, result
  Exit status: 0 every message arrived intact, 1 usage error, 3 the module, the
  simulator or the broker cannot be reached, 4 messages lost or damaged, or the
  check stopped.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="138"/>
        <source>--broker needs HOST:PORT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="143"/>
        <source>--module-broker needs HOST:PORT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="147"/>
        <source>--sim-fault needs a fault line, e.g. &quot;lose 0 2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="152"/>
        <source>--sim-latency needs 0, cat1, catm, nb or milliseconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="158"/>
        <source>--slot needs a client index 0-5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="162"/>
        <source>--topic needs a topic without wildcards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="167"/>
        <source>--count needs a positive number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="170"/>
        <source>--size needs a number of bytes, 22 or more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="176"/>
        <source>--timeout needs seconds, 1-3600</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="181"/>
        <source>--qos needs levels, e.g. 0,1,2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="188"/>
        <source>--qos takes 0, 1 and 2, each once: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="197"/>
        <source>--direction takes up, down or both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="202"/>
        <source>--client-id needs an ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="206"/>
        <source>--user needs a name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="210"/>
        <source>--password needs a password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="215"/>
        <source>--ssl-ctx needs an SSL context 0-5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="219"/>
        <source>%1 needs a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="226"/>
        <source>--csv needs a file name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="233"/>
        <source>e2e needs --port PATH or --sim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="235"/>
        <source>e2e needs --broker HOST:PORT: where the desktop reaches the broker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="241"/>
        <source>--broker needs HOST:PORT, not %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="244"/>
        <source>--module-broker needs HOST:PORT, not %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="251"/>
        <source>nothing to check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="301"/>
        <source>peer: connecting to %1:%2
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="310"/>
        <source>qmtscope-cli: the desktop cannot connect to the broker %1:%2: %3
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="327"/>
        <source>%1 QoS %2 #%3: %4
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="345"/>
        <source>stopped: %1
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="347"/>
        <source>PASS: all %1 messages arrived intact
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="349"/>
        <source>FAIL: %1 of %2 messages arrived intact
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/e2e.cpp" line="356"/>
        <source>qmtscope-cli: cannot write %1: %2
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
