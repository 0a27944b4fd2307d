"""Sentences and headings as published 《政府信息公开工作年度报告》 write them, with what the text
audits (model/text_audits.py) must make of each (`tests/test_text_audits.py`).

Modelled on the seed report and published 2021–2025 reports of departments and people's
governments; names and figures changed, phrasing kept. A case lists the spans its rule must mark,
in order (the text of each span; a span's text that occurs twice is given with its start), or
none: a look-alike that must never be flagged.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """Text a finding marks, and where it starts when the text occurs more than once."""

    text: str
    start: int | None = None


@dataclass(frozen=True)
class TextCase:
    text: str
    marked: tuple[Span, ...] = ()


def fires(text: str, *marked: str | Span) -> TextCase:
    return TextCase(text, tuple(m if isinstance(m, Span) else Span(m) for m in marked))


def silent(text: str) -> TextCase:
    return TextCase(text)


# --- TEXT-DOUBLED ----------------------------------------------------------------------------------

DOUBLED = [
    fires("全年投入资金资金12万元，用于政务公开专区升级改造。", "资金资金"),
    fires("进一步做好政府信息主动公开公开工作。", "公开公开"),
    fires("严格落实政府信息公开的的保密审查制度。", "的的"),
    fires("本年度未发生因政府信息公开工作被被追责的情形。", "被被"),
    fires("依申请公开工作由政策法规科科负责，信息信息发布由办公室负责。", "信息信息"),
    fires("持续加强政务政务新媒体管理。", "政务政务"),
    fires("及时更新政策文件库，确保发布发布的信息准确。", "发布发布"),
    fires("对照上级年度政务公开工作要点要点，逐项抓好落实。", "要点要点"),
    fires("已于2024年3月底前完成全部整改，并对和和相关科室开展培训。", "和和"),
    fires("组织开展信息公开工作培训培训2次。", "培训培训"),
    fires("政务公开信息公开政务公开信息公开专栏", "政务公开信息公开政务公开信息公开"),
    silent("常常开展“回头看”，做到事事有回应、件件有着落。"),
    silent("确保做到涉密信息不上网，上网信息不涉密。"),
    silent("对群众反映的问题逐条核实、一一对应整改，杜绝不了了之。"),
    silent("坚持实实在在为群众办事，扎扎实实推进政务公开。"),
    silent("层层压实责任，步步推进落实，方方面面抓到位。"),
    silent("一步一步推动依申请公开工作规范化，一件一件抓好整改。"),
    silent("以群众满意为目的的服务理念贯穿工作始终。"),
    silent("的的确确做到了应公开尽公开。"),
    silent("本报告由某县人民政府政府信息公开工作领导小组办公室编制。"),
    silent("本年度共办理人大代表建议3件、政协提案16件，均已按时办结。"),
    silent("2024年2024年度报告"),
    silent("电话：0632-3168699，3168699。"),
    silent("落实“一网通办”“一次办好”改革，实现“政策一看就懂、申请一填就对、业务一办就成”。"),
    silent("人人参与、处处公开、时时监督的良好氛围逐步形成。"),
    silent("不断提升政务服务事项办理的透明度和便捷度，常态化开展政务公开日活动。"),
    silent("年年开展第三方评估，天天更新网站栏目。"),
    silent("全面推进决策、执行、管理、服务、结果公开，非常非常重视群众意见。"),
]

# --- TEXT-ASCII-PUNCT ------------------------------------------------------------------------------

ASCII_PUNCT = [
    fires("坚持以公开为常态,不公开为例外。", ","),
    fires("2024年,市审批服务局认真落实《条例》要求。", ","),
    fires("主要做法如下:", ":"),
    fires("联系电话:0632-3168699。", ":"),
    fires("加强组织领导;完善工作机制;强化监督考核。", Span(";", 6), Span(";", 13)),
    fires("(一)积极主动公开。通过门户网站公开政务信息475条。", "(一)"),
    fires("本报告根据《中华人民共和国政府信息公开条例》(以下简称《条例》)要求编制。", "(以下简称《条例》)"),
    fires("（一）依规公开信息)。严格落实依申请公开制度。", ")"),
    fires("共收到申请9件,予以公开2件,部分公开1件。", Span(",", 7), Span(",", 14)),
    fires("提供PDF格式(便于下载)的报告全文。", "(便于下载)"),
    silent("本年度报告电子版可从枣庄市人民政府门户网站（http://www.zaozhuang.gov.cn/）下载。"),
    silent("详见https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm?a=1,2;b=3，或来电咨询。"),
    silent("电子邮箱：spfwj@zz.shandong.cn，工作时间为上午9:00—12:00，下午13:00—17:00。"),
    silent("全年作出行政许可决定38,651件，行政处罚决定1,234件。"),
    silent("报告以PDF、Word (docx) 两种格式发布。"),
    silent("依托“互联网+政务服务”平台（Government Service Platform, GSP）办理。"),
    silent("坚持以公开为常态，不公开为例外。"),
    silent("（一）积极主动公开。通过门户网站公开政务信息475条。"),
    silent("比例为1:1，网址为www.zaozhuang.gov.cn/xxgk。"),
]

# --- TEXT-FULLWIDTH --------------------------------------------------------------------------------

FULLWIDTH = [
    fires("全年共收到政府信息公开申请１２件。", "１２"),
    fires("报告提供ＰＤＦ版本下载。", "ＰＤＦ"),
    fires("发布政务信息４７５条，其中政策文件10条。", "４７５"),
    fires("受理各类事项６１.３万件，同比增长７.８２％。", "６１", "３", "７", "８２"),
    fires("开设ｗｗｗ专栏，公开Ｂ２Ｂ平台信息。", "ｗｗｗ", "Ｂ２Ｂ"),
    silent("全年共收到政府信息公开申请12件，办结率100%。"),
    silent("（一）积极主动公开。通过“枣庄市政府网站”发布信息。"),
    silent("报告提供PDF版本下载，联系电话：0632-3168699。"),
]

# --- TEXT-ALL-CONCLUDED (with 结转下年度继续办理 > 0) ----------------------------------------------------

ALL_CONCLUDED = [
    fires("本年度共收到政府信息公开申请9件，所有申请均已办结。", "所有申请均已办结"),
    fires("2024年共收到政府信息公开申请9件，申请内容涉及房屋征收等方面，已全部按要求办结。", "已全部按要求办结"),
    fires("全年受理政府信息公开申请12件，全部按时办结。", "全部按时办结"),
    fires("收到依申请公开14件，均在法定期限内办结。", "均在法定期限内办结"),
    fires("全年共办理依申请公开事项6件，已全部办结。", "已全部办结"),
    fires("共收到政府信息公开申请5件，均已办理完毕，无行政复议、行政诉讼。", "均已办理完毕"),
    fires("全区共受理政府信息公开申请120件，均依法依规按时办结。", "均依法依规按时办结"),
    silent("全年共收到政府信息公开申请14件，已办结12件，2件结转下年办理。"),
    silent("收到政府信息公开申请5件，除结转下年度的1件外，其余均已办结。"),
    silent("共收到政府信息公开申请9件，其余均已按时办结。"),
    silent("承办人大代表建议和政协委员提案8件，已全部办结8件，申请人满意率100%。"),
    silent("接收咨询留言5条，主要涉及证件办理、档案查询等问题，已全部按期回复。"),
    silent("全年共接收群众来信来访12件，均已办结。"),
    silent("按期办结政府信息公开申请9件，按期办结率100%。"),
    silent("收到政府信息公开申请3件，均在法定期限内答复。"),
    silent("本年度受理政府信息公开申请6件，尚未全部办结。"),
    silent("12345热线工单已全部办结，涉及政府信息公开申请咨询12件。"),
    silent("因政府信息公开被申请行政复议1件，已全部审结。"),
    silent("全年共受理行政复议申请12件，均已办结。"),
]

# --- the headings of one section (TEXT-NUMBERING, TEXT-SUBTOPIC-NUMBERING, TEXT-SECTION-ORDINAL) ------


@dataclass(frozen=True)
class HeadingCase:
    """Paragraphs of one section and the findings they must raise: (rule, paragraph, marked text)."""

    section: str
    paragraphs: tuple[str, ...]
    expected: tuple[tuple[str, int, str], ...] = ()


NUMBERING, SUBTOPIC, ORDINAL = "TEXT-NUMBERING", "TEXT-SUBTOPIC-NUMBERING", "TEXT-SECTION-ORDINAL"
BODY = "2024年，我局严格落实《条例》要求，持续深化政务公开，取得了积极成效。"

HEADING_CASES = [
    # A skip at level （一）.
    HeadingCase("s1", ("（一）积极主动公开。" + BODY, "（三）依规公开信息。" + BODY),
                ((NUMBERING, 1, "（三）"),)),
    # A restart at level （一）.
    HeadingCase("s1", ("（一）主动公开。" + BODY, "（二）依申请公开。" + BODY, "（三）政府信息管理。" + BODY,
                       "（一）平台建设。" + BODY), ((NUMBERING, 3, "（一）"),)),
    # A list that does not start at its first number.
    HeadingCase("s5", ("（二）存在的主要问题", "一是信息发布时效性有待加强。"), ((NUMBERING, 0, "（二）"),)),
    # 1. 2. 4.: a skip at level 1.; half-width brackets keep their spelling in the message.
    HeadingCase("s5", ("（一）存在的主要问题", "1.信息发布的时效性有待加强。", "2.政务公开意识有待提高。",
                       "4.特色亮点工作不够多。"), ((NUMBERING, 3, "4."),)),
    HeadingCase("s6", ("(一)信息处理费收取情况", "本年度未收取信息处理费。", "(三)工作创新情况", BODY),
                ((NUMBERING, 2, "(三)"),)),
    # （1）（3） under 1.
    HeadingCase("s5", ("1.存在的问题", "（1）信息发布不够及时；", "（3）解读形式单一。"), ((NUMBERING, 2, "（3）"),)),
    # Leading spaces: the span is in the paragraph as stored.
    HeadingCase("s6", ("（一）信息处理费", "本年度未收取信息处理费。", "\u3000\u3000（三）其他事项", BODY),
                ((NUMBERING, 2, "（三）"),)),
    # 总体情况's sub-topics numbered like the six sections.
    HeadingCase("s1", ("一、主动公开情况", BODY, "二、依申请公开情况", BODY, "三、政府信息管理", BODY),
                ((SUBTOPIC, 0, "一、"), (SUBTOPIC, 2, "二、"), (SUBTOPIC, 4, "三、"))),
    # A section heading with the wrong ordinal, left among the paragraphs by an import.
    HeadingCase("s1", ("（一）主动公开。" + BODY, "四、收到和处理政府信息公开申请情况", BODY),
                ((ORDINAL, 1, "四、"),)),
    HeadingCase("s5", ("（一）存在的主要问题", BODY, "五、其他需要报告的事项", BODY), ((ORDINAL, 2, "五、"),)),
    # What follows a section's heading is numbered under it: （一） again is no restart.
    HeadingCase("s1", ("（一）主动公开。" + BODY, "（二）依申请公开。" + BODY, "六、其他需要报告的事项",
                       "（一）信息处理费", "本年度未收取信息处理费。"), ((ORDINAL, 2, "六、其他需要报告的事项"),)),
    # Its own title, with the wrong ordinal.
    HeadingCase("s6", ("五、其他需要报告的事项", "（一）信息处理费", "本年度未收取信息处理费。"),
                ((ORDINAL, 0, "五、"),)),
    # The right ordinal in the wrong section.
    HeadingCase("s1", ("（一）主动公开。" + BODY, "五、存在的主要问题及改进情况", BODY),
                ((ORDINAL, 1, "五、存在的主要问题及改进情况"),)),
    # Numbering restarts correctly under a new parent, and after an unnumbered lead-in.
    HeadingCase("s5", ("（一）存在的主要问题", "1.信息发布不及时。", "2.解读不够。", "（二）改进措施",
                       "1.加强审核。", "2.丰富解读形式。")),
    HeadingCase("s5", ("存在的主要问题：", "1.信息发布不及时。", "2.解读不够。", "下一步，我局将重点做好以下工作：",
                       "1.加强审核。", "2.丰富解读形式。")),
    HeadingCase("s5", ("存在的主要问题", "（一）信息发布不及时。" + BODY, "改进情况", "（一）加强审核。" + BODY)),
    HeadingCase("s6", ("（一）政府信息公开信息处理费管理情况", "2024年，我局未收取政府信息公开信息处理费。",
                       "（二）落实上级年度政务公开工作要点情况", BODY, "一是认真梳理政务公开信息栏目。",
                       "二是完善政务公开内部管理机制。", "（三）2024年建议提案办理总体情况", BODY,
                       "（四）工作创新情况", BODY)),
    # Enumerated body paragraphs restart after a body paragraph at the 1. level.
    HeadingCase("s5", ("（一）存在的主要问题", "1.信息发布不及时。", "2.解读不够。", BODY, "1.加强审核。")),
    # Its own title repeated as the first line: not an ordinal problem.
    HeadingCase("s5", ("五、存在的主要问题及改进情况", "（一）存在的主要问题", BODY)),
    # 一是、二是 and figures at the start of a paragraph are not headings.
    HeadingCase("s6", ("一是认真梳理政务公开信息栏目。", "三是继续强化专人负责。", "2024年，我局未收取信息处理费。",
                       "12345热线共受理政务公开咨询20件。")),
    # Sub-topics of 总体情况 done right.
    HeadingCase("s1", (BODY, "（一）主动公开。" + BODY, "（二）依申请公开。" + BODY, "1.办理情况", "2.答复情况",
                       "（三）政府信息管理。" + BODY)),
]

# --- S6-FEE-UNSTATED: paragraphs of section 六 and whether they state the 信息处理费 ----------------------

FEE_STATED = [
    ("2024年，我局未收取政府信息公开信息处理费。",),
    ("本年度未收取信息处理费。",),
    ("（一）信息处理费收取情况", "无。"),
    ("依申请公开不收取任何费用。",),
    ("本机关提供政府信息未产生任何费用。",),
    ("本年度未收费。",),
    ("依申请提供政府信息一律免费。",),
    ("本年度依法收取政府信息公开处理费共计200元。",),
    ("按照《政府信息公开信息处理费管理办法》，本年度收取费用0元。",),
]
FEE_UNSTATED = [
    ("（一）落实上级年度政务公开工作要点情况", "严格落实上级年度政务公开工作要点，逐项抓好落实。"),
    ("本年度行政事业性收费0万元。", "无其他需要报告的事项。"),
    ("2024年，我局共承办市人大代表建议3件、政协提案16件，均按时办理答复完毕。",),
]
