<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>qmt::at::Builders</name>
    <message>
        <location filename="../modem/at/builders.cpp" line="30" />
        <source>%1 %2 is out of range %3</source>
        <translation>%1 的值 %2 超出范围 %3</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="32" />
        <source>%1 %2 is not one of %3</source>
        <translation>%1 的值 %2 不在 %3 之中</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="40" />
        <source>%1 must not be empty</source>
        <translation>%1 不能为空</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="42" />
        <source>%1 is %2 bytes long in UTF-8; the allowed length is %3 bytes</source>
        <translation>%1 按 UTF-8 为 %2 字节；允许的长度为 %3 字节</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="45" />
        <source>%1 is %2 bytes long; the allowed length is %3 bytes</source>
        <translation>%1 为 %2 字节；允许的长度为 %3 字节</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="52" />
        <source>%1 must not contain a double quote ("): the module has no way to escape it</source>
        <translation>%1 不能包含双引号（"）：模块无法转义</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="61" />
        <source>%1 must not contain a line break (CR or LF)</source>
        <translation>%1 不能包含换行符（CR 或 LF）</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="136" />
        <source>%1 must not contain the wildcards + or #: one publishes to a topic name, not a filter</source>
        <translation>%1 不能包含通配符 + 或 #：发布的目标是主题名，而不是主题过滤器</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="156" />
        <source>%1: the wildcard # must be the whole last level, as in a/#</source>
        <translation>%1：通配符 # 必须单独占据最后一级，例如 a/#</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="162" />
        <source>%1: the wildcard + must fill a whole level, as in a/+/b</source>
        <translation>%1：通配符 + 必须单独占据一级，例如 a/+/b</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="180" />
        <source>%1 has no name after the prefix %2</source>
        <translation>%1 在前缀 %2 之后缺少文件名</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="379" />
        <source>SSL_enable %1 requires SSL_ctx_idx</source>
        <translation>SSL_enable 为 %1 时必须指定 SSL_ctx_idx</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="424" />
        <source>will_fg %1 requires will_qos, will_retain, will_topic and will_msg</source>
        <translation>will_fg 为 %1 时必须指定 will_qos、will_retain、will_topic 和 will_msg</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="519" />
        <source>password is missing: the module takes username and password together or neither</source>
        <translation>缺少密码：模块要求用户名和密码同时提供或同时省略</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="524" />
        <source>username is missing: the module takes username and password together or neither</source>
        <translation>缺少用户名：模块要求用户名和密码同时提供或同时省略</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="556" />
        <location filename="../modem/at/builders.cpp" line="579" />
        <source>at least one topic is required</source>
        <translation>至少需要一个主题</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="595" />
        <source>msgid 0 is only allowed with qos 0; qos %1 needs a msgid of at least 1</source>
        <translation>msgid 为 0 仅适用于 qos 0；qos %1 需要 msgid 不小于 1</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="636" />
        <source>%1 must not contain Ctrl+Z (0x1A): it ends the data; use the form with a length</source>
        <translation>%1 不能包含 Ctrl+Z（0x1A）：它会结束数据输入；请使用带长度的命令格式</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="642" />
        <source>%1 must not contain ESC (0x1B): it cancels the input; use the form with a length</source>
        <translation>%1 不能包含 ESC（0x1B）：它会取消输入；请使用带长度的命令格式</translation>
    </message>
    <message>
        <location filename="../modem/at/builders.cpp" line="894" />
        <source>%1 has no test form</source>
        <translation>%1 没有测试命令</translation>
    </message>
</context>
<context>
    <name>qmt::session::CommandResult</name>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="21" />
        <source>OK, result %1</source>
        <translation>OK，结果 %1</translation>
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="21" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="23" />
        <source>ERROR</source>
        <translation>ERROR</translation>
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="25" />
        <location filename="../modem/session/commandchannel.cpp" line="26" />
        <source>+CME ERROR: %1</source>
        <translation>+CME ERROR: %1</translation>
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="28" />
        <source>no answer in time</source>
        <translation>未在规定时间内响应</translation>
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="30" />
        <source>the port went away</source>
        <translation>串口已断开</translation>
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="32" />
        <source>aborted</source>
        <translation>已中止</translation>
    </message>
    <message>
        <location filename="../modem/session/commandchannel.cpp" line="34" />
        <source>the module restarted</source>
        <translation>模块已重启</translation>
    </message>
</context>
<context>
    <name>qmt::spec</name>
    <message>
        <location filename="../modem/at/spec.cpp" line="21" />
        <source>The connection was closed or reset by the server</source>
        <translation>连接被服务器断开或者重置</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="22" />
        <source>Reopen the network with AT+QMTOPEN.</source>
        <translation>执行命令 AT+QMTOPEN 重建 MQTT 连接。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="23" />
        <source>Sending PINGREQ timed out or failed</source>
        <translation>发送 PINGREQ 包超时或者失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="24" />
        <source>Deactivate and reactivate the PDP context (AT+QIDEACT, AT+QIACT), then reopen with AT+QMTOPEN.</source>
        <translation>首先反激活 PDP（AT+QIDEACT），然后再激活 PDP（AT+QIACT）并用 AT+QMTOPEN 重建 MQTT 连接。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="27" />
        <source>Sending CONNECT timed out or failed</source>
        <translation>发送 CONNECT 包超时或者失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="28" />
        <location filename="../modem/at/spec.cpp" line="32" />
        <source>Check the user name and password and that the client ID is not in use, then reopen with AT+QMTOPEN and connect again.</source>
        <translation>1. 查看输入的用户名和密码是否正确。2. 确保客户端 ID 未被占用。3. 用 AT+QMTOPEN 重建 MQTT 连接，并尝试再次发送 CONNECT 包到服务器。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="31" />
        <source>Receiving CONNACK timed out or failed</source>
        <translation>接收 CONNACK 包超时或者失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="36" />
        <source>The client sent DISCONNECT and the server closed the link (normal sequence)</source>
        <translation>客户端向服务器发送 DISCONNECT 包，服务器主动断开 MQTT 连接（正常流程）</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="39" />
        <source>Sending packets kept failing, so the client disconnected</source>
        <translation>因为发送数据包总是失败，客户端主动断开 MQTT 连接</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="40" />
        <source>Check the data; the network may be congested. Reopen with AT+QMTOPEN and connect again.</source>
        <translation>1. 确保数据正确。2. 可能因为网络拥堵或者其他错误，尝试用 AT+QMTOPEN 重建 MQTT 连接。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="43" />
        <source>The link is not working or the server is unavailable</source>
        <translation>链路不工作或者服务器不可用</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="44" />
        <source>Check that the link and the server are available.</source>
        <translation>确保当前链路或者服务器可用。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="45" />
        <source>The client disconnected actively</source>
        <translation>客户端主动断开 MQTT 连接</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="46" />
        <source>Reconnect: AT+QMTOPEN, then AT+QMTCONN.</source>
        <translation>尝试重建连接：AT+QMTOPEN，然后 AT+QMTCONN。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="51" />
        <source>Failed to open the network</source>
        <translation>打开网络失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="52" />
        <source>Check the host, the port and the PDP context. A failed TLS handshake also shows as -1: check the SSL context (certificates, seclevel, SNI, time).</source>
        <translation>检查服务器地址、端口和 PDP 上下文。TLS 握手失败也会报 -1：请检查 SSL 上下文（证书、seclevel、SNI、时间）。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="55" />
        <source>Network opened</source>
        <translation>打开网络成功</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="56" />
        <source>Wrong parameter</source>
        <translation>参数错误</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="57" />
        <source>Check the host name and the port.</source>
        <translation>检查服务器地址和端口。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="58" />
        <source>The client index is occupied</source>
        <translation>MQTT 标识符被占用</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="59" />
        <source>Close the slot with AT+QMTCLOSE first, or use another client index.</source>
        <translation>先用 AT+QMTCLOSE 关闭该客户端，或使用其他 client_idx。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="60" />
        <source>Failed to activate the PDP context</source>
        <translation>激活 PDP 失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="61" />
        <source>Check the APN (AT+QICSGP) and activate the context named by "pdpcid" with AT+QIACT.</source>
        <translation>检查 APN（AT+QICSGP），并用 AT+QIACT 激活 "pdpcid" 指定的上下文。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="64" />
        <source>Failed to resolve the domain name</source>
        <translation>域名解析失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="65" />
        <source>Check the host name and the DNS servers; try the IP address.</source>
        <translation>检查域名和 DNS 服务器；可尝试直接使用 IP 地址。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="66" />
        <source>The network was disconnected</source>
        <translation>网络断开导致错误</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="67" />
        <source>Check the network registration and the PDP context, then reopen.</source>
        <translation>检查网络注册和 PDP 上下文，然后重新打开。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="72" />
        <source>Failed to close or disconnect</source>
        <translation>关闭或断开失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="73" />
        <source>Query the slot with AT+QMTOPEN? and AT+QMTCONN?, then retry.</source>
        <translation>用 AT+QMTOPEN? 和 AT+QMTCONN? 查询该客户端后重试。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="74" />
        <source>Closed or disconnected</source>
        <translation>关闭或断开成功</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="80" />
        <source>Packet sent and acknowledged by the server (QoS 0 needs no acknowledgement)</source>
        <translation>数据包发送成功且接收到服务器的 ACK（QoS 0 无需 ACK）</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="83" />
        <source>Packet is being retransmitted</source>
        <translation>数据包重传</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="84" />
        <source>The server has not acknowledged yet; check the connection and wait.</source>
        <translation>服务器尚未确认；请检查连接并等待。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="85" />
        <source>Failed to send the packet</source>
        <translation>数据包发送失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="86" />
        <source>Check the connection (AT+QMTCONN?) and the "timeout" configuration, then reconnect.</source>
        <translation>检查连接（AT+QMTCONN?）和 "timeout" 配置，然后重新连接。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="93" />
        <source>Connection accepted</source>
        <translation>接受连接</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="94" />
        <source>Connection refused: unacceptable protocol version</source>
        <translation>拒绝连接：不接受的协议版本</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="95" />
        <source>Set the protocol version with AT+QMTCFG="version" (3 = MQTT 3.1, 4 = MQTT 3.1.1).</source>
        <translation>用 AT+QMTCFG="version" 设置协议版本（3 = MQTT 3.1，4 = MQTT 3.1.1）。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="97" />
        <source>Connection refused: identifier rejected</source>
        <translation>拒绝连接：标识符被拒绝</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="98" />
        <source>Use a client ID the server accepts.</source>
        <translation>使用服务器接受的客户端 ID。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="99" />
        <source>Connection refused: server unavailable</source>
        <translation>拒绝连接：服务器不可用</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="100" />
        <source>Check the server and retry later.</source>
        <translation>检查服务器并稍后重试。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="101" />
        <source>Connection refused: bad user name or password</source>
        <translation>拒绝连接：错误的用户名或密码</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="102" />
        <source>Check the user name and password (or the "aliauth" credentials).</source>
        <translation>检查用户名和密码（或 "aliauth" 设备信息）。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="103" />
        <source>Connection refused: not authorized</source>
        <translation>拒绝连接：未授权</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="104" />
        <source>Check the credentials, the certificates and the server's policy for this client ID.</source>
        <translation>检查凭证、证书以及服务器对该客户端 ID 的策略。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="110" />
        <source>MQTT initializing</source>
        <translation>MQTT 初始化</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="111" />
        <source>MQTT connecting</source>
        <translation>MQTT 正在连接</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="112" />
        <source>MQTT connected</source>
        <translation>MQTT 已经连接成功</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="113" />
        <source>MQTT disconnecting</source>
        <translation>MQTT 正在断开连接</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="118" />
        <source>Invalid input value</source>
        <translation>输入值无效</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="119" />
        <source>Larger than the file</source>
        <translation>超出文件大小</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="120" />
        <source>Read zero bytes</source>
        <translation>读取到零字节</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="121" />
        <source>Drive full</source>
        <translation>存储已满</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="122" />
        <location filename="../modem/at/spec.cpp" line="139" />
        <source>Delete files with AT+QFDEL; AT+QFLDS shows the free space.</source>
        <translation>用 AT+QFDEL 删除文件；AT+QFLDS 可查看剩余空间。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="123" />
        <source>File not found</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="124" />
        <source>Check the name and its RAM:/UFS: prefix with AT+QFLST="*".</source>
        <translation>用 AT+QFLST="*" 检查文件名及其 RAM:/UFS: 前缀。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="125" />
        <source>Invalid file name</source>
        <translation>文件名无效</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="126" />
        <source>Use at most 80 bytes, optionally prefixed with RAM: or UFS:.</source>
        <translation>文件名最多 80 字节，可加 RAM: 或 UFS: 前缀。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="127" />
        <source>File already exists</source>
        <translation>文件已存在</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="128" />
        <source>Delete it first with AT+QFDEL or choose another name.</source>
        <translation>先用 AT+QFDEL 删除该文件，或换一个文件名。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="129" />
        <source>Failed to write the file</source>
        <translation>写文件失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="130" />
        <source>Failed to open the file</source>
        <translation>打开文件失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="131" />
        <source>Failed to read the file</source>
        <translation>读文件失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="132" />
        <source>Too many open files</source>
        <translation>打开的文件过多</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="133" />
        <source>Read-only file</source>
        <translation>只读文件</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="134" />
        <source>Invalid file descriptor</source>
        <translation>文件描述符无效</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="135" />
        <source>Failed to list the files</source>
        <translation>列出文件失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="136" />
        <source>Failed to delete the file</source>
        <translation>删除文件失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="137" />
        <source>Failed to get the disk information</source>
        <translation>获取存储信息失败</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="138" />
        <source>No space</source>
        <translation>空间不足</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="140" />
        <source>Time-out</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="141" />
        <source>Send exactly the declared number of bytes before the timeout, or raise the timeout. The module keeps what it received: check +QFUPL and delete the partial file.</source>
        <translation>在超时前发送与声明相同的字节数，或加大超时时间。模块会保留已收到的数据：请检查 +QFUPL 并删除不完整的文件。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="144" />
        <source>File too large</source>
        <translation>文件过大</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="145" />
        <source>Invalid parameter</source>
        <translation>参数无效</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="146" />
        <source>File already open</source>
        <translation>文件已打开</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="147" />
        <source>Close the file before using it again.</source>
        <translation>请先关闭该文件再使用。</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="152" />
        <source>The keep-alive ping failed; the connection is closed</source>
        <translation>保活 Ping 失败；连接已关闭</translation>
    </message>
    <message>
        <location filename="../modem/at/spec.cpp" line="153" />
        <source>Reopen with AT+QMTOPEN and connect again; check the network and the keep-alive time.</source>
        <translation>用 AT+QMTOPEN 重新打开并重新连接；检查网络和保活时间。</translation>
    </message>
</context>
<context>
    <name>qmt::state</name>
    <message>
        <location filename="../modem/state/slotstore.cpp" line="52" />
        <location filename="../modem/state/slotstore.cpp" line="53" />
        <source>+CME ERROR: %1</source>
        <translation>+CME ERROR: %1</translation>
    </message>
    <message>
        <location filename="../modem/state/slotstore.cpp" line="55" />
        <source>The module answered ERROR</source>
        <translation>模块返回 ERROR</translation>
    </message>
    <message>
        <location filename="../modem/state/slotstore.cpp" line="57" />
        <source>No answer within the command's response time</source>
        <translation>未在命令的最大响应时间内收到回复</translation>
    </message>
    <message>
        <location filename="../modem/state/slotstore.cpp" line="62" />
        <source>Result code %1 (not in the specification)</source>
        <translation>结果码 %1（规范中未定义）</translation>
    </message>
</context>
<context>
    <name>qmt::state::SlotTableModel</name>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="62" />
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="63" />
        <source>opening</source>
        <translation>正在打开</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="64" />
        <source>open</source>
        <translation>已打开</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="65" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="73" />
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="74" />
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="75" />
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="76" />
        <source>disconnecting</source>
        <translation>正在断开</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="77" />
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="96" />
        <source>context %1</source>
        <translation>上下文 %1</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="96" />
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="133" />
        <source>Slot</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="134" />
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="135" />
        <source>Host:port</source>
        <translation>服务器:端口</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="136" />
        <source>MQTT</source>
        <translation>MQTT</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="137" />
        <source>Client ID</source>
        <translation>客户端 ID</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="138" />
        <source>SSL</source>
        <translation>SSL</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="139" />
        <source>Subscriptions</source>
        <translation>订阅</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="140" />
        <source>In flight</source>
        <translation>传输中</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="141" />
        <source>Stored</source>
        <translation>缓存</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="142" />
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="143" />
        <source>Received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <location filename="../modem/state/slottablemodel.cpp" line="144" />
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
</context>
<context>
    <name>qmt::state::TrafficModel</name>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="134" />
        <source>command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="135" />
        <source>echo</source>
        <translation>回显</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="136" />
        <source>prompt</source>
        <translation>提示符</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="137" />
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="138" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="139" />
        <source>ERROR</source>
        <translation>ERROR</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="140" />
        <source>CME ERROR</source>
        <translation>CME ERROR</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="141" />
        <source>CONNECT</source>
        <translation>CONNECT</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="142" />
        <source>response</source>
        <translation>响应</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="143" />
        <source>URC</source>
        <translation>URC</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="144" />
        <source>boot</source>
        <translation>启动</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="145" />
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="146" />
        <source>not AT</source>
        <translation>非 AT</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="185" />
        <source>sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="185" />
        <source>received</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="193" />
        <source> … (cut for display)</source>
        <translation> …（显示已截断）</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="212" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="213" />
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="214" />
        <source>Slot</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="215" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../modem/state/trafficmodel.cpp" line="216" />
        <source>Text</source>
        <translation>内容</translation>
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
        <translation>用法：qmtscope-cli decode [--compact] [--include-secrets] &lt;文件 | -&gt;
  读取一份记录（模块输出的原始字节，或命令与响应的文本日志；- 表示标准输入），
  经 QMT Scope 的处理流程解析，并以 JSON 输出六个 MQTT 客户端的最终状态。
  退出码：0 解析完成，1 用法错误，2 无法读取文件。
</translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="59" />
        <location filename="../app/cli/main.cpp" line="70" />
        <source>qmtscope-cli: cannot read %1: %2
</source>
        <translation>qmtscope-cli：无法读取 %1：%2
</translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="81" />
        <source>qmtscope-cli: cannot read %1
</source>
        <translation>qmtscope-cli：无法读取 %1
</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/main.cpp" line="96" />
        <source>qmtscope-cli: %n line(s) were not AT traffic (kept and counted)
</source>
        <translation>
            <numerusform>qmtscope-cli：%n 行不是 AT 通信（已保留并计数）
</numerusform></translation>
    </message>
</context>
</TS>