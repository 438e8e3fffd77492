#include "engine/cfgformvalues.h"

namespace qmt::state {

at::FormValues cfgFormValues(at::CfgSetting s, int idx, const SlotConfig &c)
{
    using at::CfgSetting;
    at::FormValues v;
    v.setNumber("idx", idx);
    switch (s) {
    case CfgSetting::Version:
        v.setNumber("vsn", c.version);
        break;
    case CfgSetting::PdpCid:
        v.setNumber("cid", c.pdpCid);
        break;
    case CfgSetting::Ssl:
        v.setNumber("enable", c.sslEnabled ? 1 : 0);
        if (c.sslCtx >= 0)
            v.setNumber("sslctx", c.sslCtx);
        break;
    case CfgSetting::KeepAlive:
        v.setNumber("keepalive", c.keepAlive);
        break;
    case CfgSetting::Session:
        v.setNumber("clean", c.cleanSession);
        break;
    case CfgSetting::Timeout:
        v.setNumber("pkt", c.pktTimeout)
            .setNumber("retry", c.retryTimes)
            .setNumber("notice", c.timeoutNotice);
        break;
    case CfgSetting::Will:
    case CfgSetting::WillEx:
        v.setNumber("flag", c.will.enabled ? 1 : 0);
        if (!c.will.topic.isEmpty()) {
            v.setNumber("qos", c.will.qos)
                .setNumber("retain", c.will.retain ? 1 : 0)
                .setText("topic", QString::fromUtf8(c.will.topic));
            if (s == CfgSetting::Will)
                v.setText("message", QString::fromUtf8(c.will.message));
            else if (c.will.length < 0 || c.will.length == c.will.message.size())
                v.setData("message", c.will.message);
        }
        break;
    case CfgSetting::RecvMode:
        v.setNumber("mode", c.recvMode).setNumber("msglen", c.msgLenEnable);
        break;
    case CfgSetting::AliAuth:
        v.setText("pk", QString::fromUtf8(c.aliProductKey))
            .setText("dn", QString::fromUtf8(c.aliDeviceName))
            .setText("ds", QString::fromUtf8(c.aliDeviceSecret));
        break;
    case CfgSetting::QmtPing:
        v.setNumber("interval", c.qmtPing);
        break;
    }
    return v;
}

at::FormValues sslFormValues(at::SslSetting s, int ctx, const SslContext &c)
{
    using at::SslSetting;
    at::FormValues v;
    v.setNumber("ctx", ctx);
    const auto number = [&v](const char *key, int value) {
        if (value >= 0)
            v.setNumber(key, value);
    };
    const auto text = [&v](const QByteArray &value) {
        if (!value.isEmpty())
            v.setText("file", QString::fromUtf8(value));
    };
    switch (s) {
    case SslSetting::SslVersion:
        number("version", c.sslVersion);
        break;
    case SslSetting::CipherSuite: {
        bool ok = false;
        const int suite = c.cipherSuite.toInt(&ok, 16); // "0X0035": toInt takes the 0x prefix
        if (ok)
            v.setNumber("suite", suite);
        break;
    }
    case SslSetting::SecLevel:
        number("level", c.secLevel);
        break;
    case SslSetting::CaCert:
        text(c.caCert);
        break;
    case SslSetting::ClientCert:
        text(c.clientCert);
        break;
    case SslSetting::ClientKey:
        text(c.clientKey);
        break;
    case SslSetting::IgnoreLocalTime:
        number("ignore", c.ignoreLocalTime);
        break;
    case SslSetting::NegotiateTime:
        number("seconds", c.negotiateTime);
        break;
    case SslSetting::Sni:
        number("sni", c.sni);
        break;
    }
    return v;
}

} // namespace qmt::state
